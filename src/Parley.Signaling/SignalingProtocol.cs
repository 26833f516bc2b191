using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Signaling.Abuse;
using Parley.Signaling.Contracts;
using Parley.Signaling.IceServers;
using Parley.Signaling.Rooms;
using Parley.Signaling.Seats;

namespace Parley.Signaling;

/// <summary>
/// The signaling calls, as the socket reads them: <c>Join</c> seats a peer and tells the others it is <c>Ready</c>;
/// <c>Data</c> (or <c>Relay</c>, without an answer) relays offers, answers and candidates inside the room, stamped with
/// the sender's peer id; <c>Leave</c> tells the others with <c>PeerLeft</c>. A lost connection's seat is held
/// (<see cref="ReconnectGrace"/>) for a <c>Rejoin</c> or a <c>Resume</c>. A refused call answers with an error and
/// changes nothing.
/// </summary>
public sealed partial class SignalingProtocol(
    IRoomRegistry rooms,
    SignalingClients clients,
    IceServerRenewal iceServers,
    IOptions<SignalingOptions> options,
    IOptions<IceOptions> iceOptions,
    ReconnectGrace reconnectGrace,
    SignalingMetrics metrics,
    SignalingDrain drain,
    ConnectionRegistry connections,
    PasscodeGate passcodes,
    ISeatReleases seatReleases,
    ILogger<SignalingProtocol> logger)
{
    /// <summary>
    /// Sets the passcode that the connection's next <c>Join</c>, <c>Rejoin</c> or <c>Resume</c> uses; null or empty
    /// for an open room. Kept in the connection's memory only.
    /// </summary>
    public SignalingResult Unlock(SignalingConnection connection, string? passcode)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!string.IsNullOrEmpty(passcode) && !LockedRoom.IsValidPasscode(passcode))
        {
            return Refuse(connection, SignalingErrors.InvalidPasscode);
        }

        connection.Passcode = string.IsNullOrEmpty(passcode) ? null : passcode;
        return SignalingResult.Ok;
    }

    /// <summary>
    /// Seats the connection. With a <paramref name="resumeToken"/> it takes its seat back: after a reload
    /// (<paramref name="keptPeerConnections"/> false, a <c>Rejoin</c>: the others negotiate a new peer connection) or
    /// after a dropped connection (true, a <c>Resume</c>: the peer connections that still run are kept).
    /// </summary>
    public async Task<JoinResult> JoinAsync(
        SignalingConnection connection, string? room, string? username, string? resumeToken, bool keptPeerConnections)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (drain.IsDraining)
        {
            return RefuseJoin(SignalingErrors.ServerDraining, room);
        }

        if (await CurrentMembershipAsync(connection) is not null)
        {
            return RefuseJoin(SignalingErrors.AlreadyJoined, room);
        }

        if (!SignalingInput.IsValidRoom(room))
        {
            return RefuseJoin(SignalingErrors.InvalidRoom, room);
        }

        if (!SignalingInput.TryNormalizeUsername(username, out var name))
        {
            return RefuseJoin(SignalingErrors.InvalidUsername, room);
        }

        var capacity = options.Value.RoomCapacity;
        var key = room;
        if (connection.Passcode is { } secret)
        {
            if (await passcodes.TryKeyAsync(room, secret) is not { } locked)
            {
                return RefuseJoin(SignalingErrors.RateLimited, room);
            }

            key = locked;
        }

        var outcome = await rooms.JoinAsync(new JoinRequest(key, name, connection.ConnectionId, resumeToken, capacity));
        if (connection.Passcode is not null)
        {
            passcodes.Joined(room, lookedFailed: outcome.Member is not null && outcome.Others.Count == 0 && outcome.Status == JoinStatus.Joined);
        }
        if (outcome.Member is not { } member)
        {
            // The capacity, in the message and the result, lets a client say how many the room holds.
            var full = new SignalingError(SignalingErrors.RoomFull.Code, $"The room is full: it holds {capacity} people.");
            return RefuseJoin(full, room) with { Capacity = capacity };
        }

        // Recorded before any further await, so a connection lost from here on still frees its seat.
        connection.Membership = member;
        var resumed = outcome.Status == JoinStatus.Resumed;
        if (resumed)
        {
            reconnectGrace.Resumed(key, member.PeerId);
        }

        // Addressed to the seats the registry reported: a peer seated an instant earlier hears of this one too.
        if (outcome.Others.Count > 0)
        {
            var ready = new ReadyPeer(member.PeerId, member.Username, resumed && keptPeerConnections);
            await clients.OthersAsync(outcome.Others, member.PeerId, other => other.Ready(ready));
        }

        metrics.Join(outcome.Status, openedRoom: outcome.Others.Count == 0 && outcome.Status == JoinStatus.Joined);
        LogJoined(logger, key, member.PeerId, outcome.Status, outcome.Others.Count + 1, capacity);

        return new JoinResult(
            Error: null,
            member.PeerId,
            outcome.ResumeToken,
            room,
            capacity,
            [.. outcome.Others.Select(ToPeerInfo)],
            iceServers.IssueAndSchedule(connection, member.PeerId),
            iceOptions.Value.TransportPolicy,
            resumed);
    }

    /// <summary>Relays <paramref name="payload"/> to the peer <paramref name="to"/>, or to the whole room when null.</summary>
    public async Task<SignalingResult> DataAsync(SignalingConnection connection, string? payload, string? to)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (SignalingInput.CheckPayload(payload) is { } payloadError)
        {
            return Refuse(connection, connection.Membership is null ? SignalingErrors.NotJoined : payloadError);
        }

        // One registry read per message (it is a round trip when rooms live in Redis): it both confirms the sender
        // still holds its seat and finds the target.
        var members = connection.Membership is { } seat ? await rooms.GetMembersAsync(seat.Room) : [];
        var sender = CurrentMembership(connection, members);
        if (sender is null)
        {
            return Refuse(connection, SignalingErrors.NotJoined);
        }

        var message = new DataMessage(sender.PeerId, sender.Username, payload!);
        if (to is null)
        {
            await clients.OthersAsync(members, sender.PeerId, other => other.Data(message));
            metrics.Relayed(toRoom: true);
            LogRelayed(logger, sender.Room, sender.PeerId, "room", payload!.Length);
            return SignalingResult.Ok;
        }

        var target = to == sender.PeerId ? null : FindPeer(members, to);
        if (target is null)
        {
            return Refuse(connection, SignalingErrors.UnknownPeer);
        }

        await clients.Connection(target).Data(message);
        metrics.Relayed(toRoom: false);
        LogRelayed(logger, sender.Room, sender.PeerId, target.PeerId, payload!.Length);
        return SignalingResult.Ok;
    }

    /// <summary>
    /// <c>Data</c> without an answer per call: a relayed payload sends nothing back, and a refusal arrives as a
    /// <c>Refused</c> event. Offers, answers and ICE candidates need no acknowledgement.
    /// </summary>
    public async Task RelayAsync(SignalingConnection connection, string? payload, string? to)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if ((await DataAsync(connection, payload, to)).Error is { } error)
        {
            await connection.Caller.Refused(new RefusedCall(SignalingCalls.Relay, error));
        }
    }

    public async Task<SignalingResult> LeaveAsync(SignalingConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var member = await CurrentMembershipAsync(connection);
        if (member is null)
        {
            return Refuse(connection, SignalingErrors.NotJoined);
        }

        await LeaveRoomAsync(connection, member, "left");
        return SignalingResult.Ok;
    }

    public void Connected(SignalingConnection connection)
    {
        connections.Add(connection);
        metrics.Connected();
    }

    public async Task DisconnectedAsync(SignalingConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            // Without Leave the peer may be coming back: its seat is held for it, unless there is no grace period.
            if (connection.Membership is { } member && !await reconnectGrace.HoldAsync(member))
            {
                await LeaveRoomAsync(connection, member, "disconnected");
            }
        }
        finally
        {
            IceServerRenewal.Cancel(connection);
            connections.Remove(connection);
            metrics.Disconnected();
        }
    }

    private async Task LeaveRoomAsync(SignalingConnection connection, RoomMember member, string reason)
    {
        connection.Membership = null;
        IceServerRenewal.Cancel(connection);
        var left = await rooms.LeaveAsync(member);
        if (left == LeaveOutcome.NotSeated)
        {
            return;
        }

        await seatReleases.PublishAsync(member.PeerId);

        if (left != LeaveOutcome.RoomEmptied)
        {
            await clients.TellOthersAsync(member, static (other, peer) => other.PeerLeft(peer));
        }

        metrics.Leave(reason, closedRoom: left == LeaveOutcome.RoomEmptied);
        LogLeft(logger, member.Room, member.PeerId, reason);
    }

    /// <summary>The connection's seat, unless a rejoin from another connection has taken it over since.</summary>
    private async ValueTask<RoomMember?> CurrentMembershipAsync(SignalingConnection connection) =>
        connection.Membership is { } member ? CurrentMembership(connection, await rooms.GetMembersAsync(member.Room)) : null;

    /// <summary>The connection's seat if <paramref name="members"/> (its room's) still seats this connection.</summary>
    private static RoomMember? CurrentMembership(SignalingConnection connection, IReadOnlyList<RoomMember> members)
    {
        if (connection.Membership is not { } member)
        {
            return null;
        }

        if (FindPeer(members, member.PeerId)?.ConnectionId == connection.ConnectionId)
        {
            return member;
        }

        connection.Membership = null;
        return null;
    }

    private SignalingResult Refuse(SignalingConnection connection, SignalingError error)
    {
        LogRefused(logger, connection.ConnectionId, error.Code);
        return SignalingResult.Fail(error);
    }

    private JoinResult RefuseJoin(SignalingError error, string? room)
    {
        // An invalid name is attacker-chosen text: it stays out of the log.
        LogJoinRefused(logger, SignalingInput.IsValidRoom(room) ? room : "(invalid)", error.Code);
        metrics.JoinRejected(error);
        return JoinResult.Rejected(error);
    }

    // A loop, not LINQ: this runs for every relayed message and must not allocate a closure each time.
    private static RoomMember? FindPeer(IReadOnlyList<RoomMember> members, string peerId)
    {
        for (var i = 0; i < members.Count; i++)
        {
            if (members[i].PeerId == peerId)
            {
                return members[i];
            }
        }

        return null;
    }

    private static PeerInfo ToPeerInfo(RoomMember member) => new(member.PeerId, member.Username);
}
