using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Parley.Signaling.Rooms;
using StackExchange.Redis;

namespace Parley.Signaling.Redis;

/// <summary>
/// The room registry shared by every Parley node through one Redis: seats, resume takeovers and leaves are Lua
/// scripts, so two nodes racing for the last seat can never both get it. Behaves like
/// <see cref="InMemoryRoomRegistry"/>, with two differences: a <see cref="RoomMember"/> carries its resume token
/// only where it comes from the join that seated or resumed it (Redis stores a SHA-256 of the token, never the
/// token), and every seat records the node that handed it out (<see cref="RoomMember.Node"/>: where its connection's
/// events go), so the seats of a node that dies are reaped (<see cref="IRoomPresence"/>).
/// </summary>
/// <remarks>
/// <para>
/// Redis errors are not swallowed: when Redis is down or slow, calls throw <see cref="RedisConnectionException"/>,
/// <see cref="RedisTimeoutException"/> and the like, within the multiplexer's timeouts. A leave that threw, and a
/// join that timed out after it may have taken a seat, are remembered and released by
/// <see cref="RetryPendingReleasesAsync"/>, so an outage does not leave ghost seats behind.
/// </para>
/// <para>
/// A cancellation token is honoured until a write is sent; after that the call finishes (or times out), because
/// abandoning a join whose seat was taken would leak that seat.
/// </para>
/// </remarks>
public sealed class RedisRoomRegistry : IRoomRegistry, IRoomPresence
{
    private const int MaxPendingReleases = 10_000;

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly RedisValue _presenceMilliseconds;
    private readonly RedisValue _reapBatchSize;
    private readonly ConcurrentQueue<RoomMember> _pendingReleases = new();
    private readonly TimeProvider _time;

    public RedisRoomRegistry(IConnectionMultiplexer redis, IOptions<RedisRoomRegistryOptions> options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _redis = redis;
        _keys = new RedisKeys(settings.KeyPrefix);
        _presenceMilliseconds = (long)Math.Ceiling(settings.PresenceTimeout.TotalMilliseconds);
        _reapBatchSize = settings.ReapBatchSize;
        _time = time ?? TimeProvider.System;
        NodeId = ThisNode.NewId(settings.NodeName);
    }

    public string NodeId { get; }

    /// <summary>How many releases wait for <see cref="RetryPendingReleasesAsync"/>.</summary>
    public int PendingReleaseCount => _pendingReleases.Count;

    private IDatabase Database => _redis.GetDatabase();

    public async ValueTask<JoinOutcome> JoinAsync(JoinRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        var peerId = PeerIdentity.NewPeerId();
        var resumeToken = PeerIdentity.NewResumeToken();
        RedisResult result;
        try
        {
            result = await Database.ScriptEvaluateAsync(
                RedisRoomScripts.Join,
                [_keys.Room(request.Room), _keys.Seats(NodeId), _keys.Nodes, _keys.Alive(NodeId), _keys.Sequence],
                [
                    request.Capacity,
                    request.ResumeToken is { Length: > 0 } presented ? StoredMember.HashToken(presented) : RedisValue.EmptyString,
                    peerId,
                    request.Username,
                    request.ConnectionId,
                    StoredMember.HashToken(resumeToken),
                    NodeId,
                    request.Room,
                    _presenceMilliseconds,
                    _keys.Prefix,
                ]).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisTimeoutException or RedisConnectionException)
        {
            // The script may have run; if it seated this peer, nobody else knows the seat exists.
            Remember(new RoomMember(request.Room, peerId, request.Username, request.ConnectionId, NodeId));
            throw;
        }

        var reply = (RedisResult[])result!;
        var status = (string)reply[0]!;
        if (status == "full")
        {
            return JoinOutcome.Full;
        }

        var replaced = (string)reply[1]!;
        var seatPeerId = (string)reply[2]!;
        var records = ReadRecords(reply.AsSpan(3));

        RoomMember? seat = null;
        var others = new List<RoomMember>(records.Count);
        foreach (var record in records)
        {
            if (record.PeerId == seatPeerId)
            {
                seat = record.ToMember(request.Room);
            }
            else
            {
                others.Add(record.ToMember(request.Room));
            }
        }

        if (seat is null)
        {
            throw new InvalidOperationException("The join script did not return the seat it handed out.");
        }

        return status == "resumed"
            ? new JoinOutcome(JoinStatus.Resumed, seat, others, replaced, request.ResumeToken)
            : new JoinOutcome(JoinStatus.Joined, seat, others, null, resumeToken);
    }

    public async ValueTask<LeaveOutcome> LeaveAsync(RoomMember member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await LeaveCoreAsync(member).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisTimeoutException or RedisConnectionException)
        {
            Remember(member);
            throw;
        }
    }

    public async ValueTask<RoomMember?> MarkAwayAsync(
        RoomMember member, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        cancellationToken.ThrowIfCancellationRequested();
        RedisResult result;
        try
        {
            result = await Database.ScriptEvaluateAsync(
                RedisRoomScripts.MarkAway,
                [_keys.Room(member.Room)],
                [member.PeerId, member.ConnectionId, until.ToUnixTimeMilliseconds()]).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisTimeoutException or RedisConnectionException)
        {
            // A seat that could not be held is released once Redis is back, like a failed leave.
            Remember(member);
            throw;
        }

        return result.IsNull ? null : StoredMember.FromJson((string)result!).ToMember(member.Room);
    }

    public async ValueTask<IReadOnlyList<RoomMember>> GetMembersAsync(
        string room, CancellationToken cancellationToken = default)
    {
        // One HVALS: this runs for every relayed message.
        var values = await Database.HashValuesAsync(_keys.Room(room)).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (values.Length == 0)
        {
            return [];
        }

        var records = new List<StoredMember>(values.Length);
        foreach (var value in values)
        {
            records.Add(StoredMember.FromJson(value!));
        }

        return ToMembers(room, records);
    }

    public async ValueTask<IReadOnlySet<string>> GetSeatedAsync(
        IReadOnlyCollection<string> peerIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peerIds);
        var seated = new HashSet<string>(StringComparer.Ordinal);
        if (peerIds.Count == 0)
        {
            return seated;
        }

        var fields = peerIds.Select(static id => (RedisValue)id).ToArray();
        var rooms = await Database.HashGetAsync(_keys.Peers, fields).WaitAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < fields.Length; i++)
        {
            if (!rooms[i].IsNull)
            {
                seated.Add(fields[i]!);
            }
        }

        return seated;
    }

    public async ValueTask HeartbeatAsync(CancellationToken cancellationToken = default) =>
        await Database.ScriptEvaluateAsync(
                RedisRoomScripts.Heartbeat, [_keys.Alive(NodeId), _keys.Nodes], [NodeId, _presenceMilliseconds])
            .WaitAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask GoOfflineAsync(CancellationToken cancellationToken = default) =>
        await Database.KeyDeleteAsync(_keys.Alive(NodeId)).WaitAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<RoomMember>> ReapDeadNodesAsync(
        TimeSpan reconnectGrace = default, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await Database.ScriptEvaluateAsync(
            RedisRoomScripts.Reap,
            [_keys.Nodes],
            [
                _keys.Prefix,
                NodeId,
                _reapBatchSize,
                (long)Math.Ceiling(Math.Max(0, reconnectGrace.TotalMilliseconds)),
                _time.GetUtcNow().ToUnixTimeMilliseconds(),
            ]).ConfigureAwait(false);
        var reply = (RedisResult[])result!;
        var reaped = new List<RoomMember>(reply.Length / 3);
        for (var i = 0; i + 2 < reply.Length; i += 3)
        {
            reaped.Add(StoredMember.FromJson((string)reply[i + 2]!).ToMember((string)reply[i + 1]!));
        }

        return reaped;
    }

    public async ValueTask<IReadOnlyList<RoomMember>> RetryPendingReleasesAsync(CancellationToken cancellationToken = default)
    {
        var released = new List<RoomMember>();
        for (var remaining = _pendingReleases.Count; remaining > 0 && _pendingReleases.TryDequeue(out var member); remaining--)
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await LeaveCoreAsync(member).ConfigureAwait(false) != LeaveOutcome.NotSeated)
                {
                    released.Add(member);
                }
            }
            catch
            {
                // Kept for the next try. Seats already freed by this call are returned rather than lost, and the
                // failure surfaces again on the next call.
                _pendingReleases.Enqueue(member);
                if (released.Count == 0)
                {
                    throw;
                }

                break;
            }
        }

        return released;
    }

    private async Task<LeaveOutcome> LeaveCoreAsync(RoomMember member)
    {
        var result = await Database.ScriptEvaluateAsync(
            RedisRoomScripts.Leave,
            [_keys.Room(member.Room)],
            [member.PeerId, member.ConnectionId, _keys.Prefix, member.Room]).ConfigureAwait(false);
        return (long)result switch
        {
            0 => LeaveOutcome.NotSeated,
            1 => LeaveOutcome.Left,
            2 => LeaveOutcome.RoomEmptied,
            var other => throw new InvalidOperationException($"The leave script answered {other}, not 0, 1 or 2."),
        };
    }

    private void Remember(RoomMember member)
    {
        if (_pendingReleases.Count < MaxPendingReleases)
        {
            _pendingReleases.Enqueue(member);
        }
    }

    private static List<StoredMember> ReadRecords(ReadOnlySpan<RedisResult> values)
    {
        var records = new List<StoredMember>(values.Length);
        foreach (var value in values)
        {
            records.Add(StoredMember.FromJson((string)value!));
        }

        records.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return records;
    }

    private static List<RoomMember> ToMembers(string room, List<StoredMember> records)
    {
        records.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        var members = new List<RoomMember>(records.Count);
        foreach (var record in records)
        {
            members.Add(record.ToMember(room));
        }

        return members;
    }
}
