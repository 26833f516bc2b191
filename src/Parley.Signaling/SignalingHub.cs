using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Signaling.Contracts;
using Parley.Signaling.IceServers;
using Parley.Signaling.Rooms;

namespace Parley.Signaling;

/// <summary>
/// The room hub: <c>Join</c> seats a peer and tells the others it is <c>Ready</c>; <c>Data</c> (or <c>Relay</c>, without an
/// answer) relays offers, answers and candidates inside the room, stamped with the sender's peer id; <c>Leave</c> tells the others with
/// <c>PeerLeft</c>. A lost connection's seat is held (<see cref="ReconnectGrace"/>) for a <c>Rejoin</c> or a
/// <c>Resume</c>. A refused call answers with an error and changes nothing.
/// </summary>
public sealed partial class SignalingHub(
    IRoomRegistry rooms,
    IIceServerProvider iceServers,
    IOptions<SignalingOptions> options,
    IOptions<IceOptions> iceOptions,
    ReconnectGrace reconnectGrace,
    SignalingMetrics metrics,
    SignalingDrain drain,
    ILogger<SignalingHub> logger) : Hub<ISignalingClient>
{
    private static readonly object MembershipKey = new();
    private static readonly TimeSpan GhostRemovalWait = TimeSpan.FromSeconds(1);
    private static readonly object PasscodeKey = new();

    private RoomMember? Membership
    {
        get => Context.Items.TryGetValue(MembershipKey, out var value) ? (RoomMember?)value : null;
        set => Context.Items[MembershipKey] = value;
    }

    /// <summary>
    /// Sets the passcode that this connection's next <c>Join</c>, <c>Rejoin</c> or <c>Resume</c> uses; null or empty
    /// for an open room. Kept in the connection's memory only.
    /// </summary>
    public SignalingResult Unlock(string? passcode)
    {
        if (!string.IsNullOrEmpty(passcode) && !LockedRoom.IsValidPasscode(passcode))
        {
            return Refuse(SignalingErrors.InvalidPasscode);
        }

        Context.Items[PasscodeKey] = string.IsNullOrEmpty(passcode) ? null : passcode;
        return SignalingResult.Ok;
    }

    public Task<JoinResult> Join(string room, string username) =>
        JoinCoreAsync(room, username, resumeToken: null, keptPeerConnections: false);

    /// <summary>Takes the caller's seat back after a reload: the others negotiate a new peer connection with it.</summary>
    public Task<JoinResult> Rejoin(string room, string username, string resumeToken) =>
        JoinCoreAsync(room, username, resumeToken, keptPeerConnections: false);

    /// <summary>Takes the seat back after a dropped hub connection, keeping the peer connections that still run.</summary>
    public Task<JoinResult> Resume(string room, string username, string resumeToken) =>
        JoinCoreAsync(room, username, resumeToken, keptPeerConnections: true);

    public async Task<SignalingResult> Data(string payload, string? to)
    {
        if (SignalingInput.CheckPayload(payload) is { } payloadError)
        {
            return Refuse(Membership is null ? SignalingErrors.NotJoined : payloadError);
        }

        // One registry read per message (it is a round trip when rooms live in Redis): it both confirms the sender
        // still holds its seat and finds the target.
        var members = Membership is { } seat ? await rooms.GetMembersAsync(seat.Room) : [];
        var sender = CurrentMembership(members);
        if (sender is null)
        {
            return Refuse(SignalingErrors.NotJoined);
        }

        var message = new DataMessage(sender.PeerId, sender.Username, payload);
        if (to is null)
        {
            await Clients.OthersInGroup(sender.Room).Data(message);
            metrics.Relayed(toRoom: true);
            LogRelayed(logger, sender.Room, sender.PeerId, "room", payload.Length);
            return SignalingResult.Ok;
        }

        var target = to == sender.PeerId ? null : FindPeer(members, to);
        if (target is null)
        {
            return Refuse(SignalingErrors.UnknownPeer);
        }

        await Clients.Client(target.ConnectionId).Data(message);
        metrics.Relayed(toRoom: false);
        LogRelayed(logger, sender.Room, sender.PeerId, target.PeerId, payload.Length);
        return SignalingResult.Ok;
    }

    /// <summary>
    /// <c>Data</c> without an answer per call: a relayed payload sends nothing back, and a refusal arrives as a
    /// <c>Refused</c> event. Offers, answers and ICE candidates need no acknowledgement, and skipping it spares the hub a
    /// frame per message.
    /// </summary>
    public async Task Relay(string payload, string? to)
    {
        if ((await Data(payload, to)).Error is { } error)
        {
            await Clients.Caller.Refused(new RefusedCall(nameof(Relay), error));
        }
    }

    public async Task<SignalingResult> Leave()
    {
        var member = await CurrentMembershipAsync();
        if (member is null)
        {
            return Refuse(SignalingErrors.NotJoined);
        }

        await LeaveRoomAsync(member, "left");
        return SignalingResult.Ok;
    }

    public override async Task OnConnectedAsync()
    {
        drain.Track(Context);
        metrics.Connected();
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        try
        {
            // Without Leave the peer may be coming back: its seat is held for it, unless there is no grace period.
            if (Membership is { } member && !await reconnectGrace.HoldAsync(member))
            {
                await LeaveRoomAsync(member, "disconnected");
            }
        }
        finally
        {
            drain.Untrack(Context);
            metrics.Disconnected();
        }

        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Takes the connection a resumed seat came from out of the room's group. Through the Redis backplane this waits
    /// for the ghost's node to acknowledge, and a node that died (the usual reason for a resume) never does: the
    /// joiner is not kept waiting for it, and the dead connection receives nothing anyway.
    /// </summary>
    private async Task RemoveGhostFromGroupAsync(string ghost, string group)
    {
        try
        {
            await Groups.RemoveFromGroupAsync(ghost, group).WaitAsync(GhostRemovalWait);
        }
        catch (TimeoutException)
        {
            LogGhostNodeSilent(logger, group, ghost);
        }
    }

    private async Task<JoinResult> JoinCoreAsync(string room, string username, string? resumeToken, bool keptPeerConnections)
    {
        if (drain.IsDraining)
        {
            return RefuseJoin(SignalingErrors.ServerDraining, room);
        }

        if (await CurrentMembershipAsync() is not null)
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
        var key = Context.Items.TryGetValue(PasscodeKey, out var passcode) && passcode is string secret
            ? LockedRoom.Key(room, secret)
            : room;
        var outcome = await rooms.JoinAsync(new JoinRequest(key, name, Context.ConnectionId, resumeToken, capacity));
        if (outcome.Member is not { } member)
        {
            return RefuseJoin(SignalingErrors.RoomFull, room);
        }

        // Recorded before any further await, so a connection lost from here on still frees its seat.
        Membership = member;
        if (outcome.ReplacedConnectionId is { } ghost)
        {
            await RemoveGhostFromGroupAsync(ghost, key);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, key);
        var resumed = outcome.Status == JoinStatus.Resumed;
        if (resumed)
        {
            reconnectGrace.Resumed(key, member.PeerId);
        }

        // Addressed to the seats the registry reported, not to the group: a peer seated an instant earlier may not
        // be in the group yet, and would never learn that this one arrived. One send per seat, not Clients.Clients:
        // the default lifetime manager answers a send to a list by scanning every connection of the node.
        if (outcome.Others.Count > 0)
        {
            var ready = new ReadyPeer(member.PeerId, member.Username, resumed && keptPeerConnections);
            await Task.WhenAll(outcome.Others.Select(other => Clients.Client(other.ConnectionId).Ready(ready)));
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
            iceServers.GetIceServers(member.PeerId, Context.GetHttpContext()?.Request.Host.Host),
            iceOptions.Value.TransportPolicy,
            resumed);
    }

    private async Task LeaveRoomAsync(RoomMember member, string reason)
    {
        Membership = null;
        var left = await rooms.LeaveAsync(member);
        if (left == LeaveOutcome.NotSeated)
        {
            return;
        }

        await Groups.RemoveFromGroupAsync(Context.ConnectionId, member.Room);
        await Clients.Group(member.Room).PeerLeft(ToPeerInfo(member));
        metrics.Leave(reason, closedRoom: left == LeaveOutcome.RoomEmptied);
        LogLeft(logger, member.Room, member.PeerId, reason);
    }

    /// <summary>The caller's seat, unless a rejoin from another connection has taken it over since.</summary>
    private async ValueTask<RoomMember?> CurrentMembershipAsync() =>
        Membership is { } member ? CurrentMembership(await rooms.GetMembersAsync(member.Room)) : null;

    /// <summary>The caller's seat if <paramref name="members"/> (its room's) still seats this connection.</summary>
    private RoomMember? CurrentMembership(IReadOnlyList<RoomMember> members)
    {
        if (Membership is not { } member)
        {
            return null;
        }

        if (FindPeer(members, member.PeerId)?.ConnectionId == Context.ConnectionId)
        {
            return member;
        }

        Membership = null;
        return null;
    }

    private SignalingResult Refuse(SignalingError error)
    {
        LogRefused(logger, Context.ConnectionId, error.Code);
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
