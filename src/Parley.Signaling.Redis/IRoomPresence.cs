using Parley.Signaling.Rooms;

namespace Parley.Signaling.Redis;

/// <summary>
/// A node's liveness in a shared room registry. A node that stops heartbeating is dead once its presence lapses;
/// another node then reaps the seats it held, and whoever reaps tells those rooms <c>PeerReconnecting</c> (the seat
/// is held for a reconnect grace period) or <c>PeerLeft</c>.
/// <see cref="RedisPresenceService"/> drives this on a timer.
/// </summary>
public interface IRoomPresence
{
    /// <summary>This node's id, recorded with every seat it hands out.</summary>
    string NodeId { get; }

    /// <summary>Marks this node alive for one presence timeout.</summary>
    ValueTask HeartbeatAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends this node's presence at once (a graceful shutdown), so other nodes reap whatever seats it still holds
    /// without waiting for the timeout. A later heartbeat or join makes it alive again.
    /// </summary>
    ValueTask GoOfflineAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes over the seats of other nodes whose presence has lapsed, at most one batch per call, and returns them.
    /// Their connections are gone without <c>Leave</c>: with a <paramref name="reconnectGrace"/> the seats are held
    /// (returned away, with the deadline they already had or one grace period from now) and now belong to this node,
    /// which frees them when the time is up; without one they are freed (returned with no away mark).
    /// Atomic: when several nodes reap at once, each seat is returned by exactly one of them.
    /// </summary>
    ValueTask<IReadOnlyList<RoomMember>> ReapDeadNodesAsync(
        TimeSpan reconnectGrace = default, CancellationToken cancellationToken = default);

    /// <summary>
    /// Retries the releases that failed on a Redis error: leaves that threw, and joins that timed out after they
    /// may have taken a seat. Returns the seats actually freed, whose rooms should be told <c>PeerLeft</c>.
    /// </summary>
    ValueTask<IReadOnlyList<RoomMember>> RetryPendingReleasesAsync(CancellationToken cancellationToken = default);
}
