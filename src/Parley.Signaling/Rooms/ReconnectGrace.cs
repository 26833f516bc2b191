using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Signaling.Seats;

namespace Parley.Signaling.Rooms;

/// <summary>
/// Holds the seat of a peer whose connection dropped without <c>Leave</c> for
/// <see cref="SignalingOptions.ReconnectGracePeriod"/>: the room hears <c>PeerReconnecting</c> at once, and
/// <c>PeerLeft</c> only when the time is up and the peer has not resumed. The expiry is a timer on this node; if the
/// node dies first, the shared registry's reaping takes the held seat over (see the Redis registry).
/// </summary>
public sealed partial class ReconnectGrace(
    IRoomRegistry rooms,
    SignalingClients clients,
    TimeProvider time,
    IOptions<SignalingOptions> options,
    SignalingMetrics metrics,
    ISeatReleases seatReleases,
    ILogger<ReconnectGrace> logger) : IDisposable
{
    private readonly ConcurrentDictionary<(string Room, string PeerId), ITimer> _expiries = new();
    private bool _disposed;

    public TimeSpan Period => options.Value.ReconnectGracePeriod;

    /// <summary>
    /// Marks <paramref name="member"/>'s seat away, tells the room and schedules its expiry. Returns false when there
    /// is nothing to hold: no grace period, or the seat is gone or already resumed by another connection.
    /// </summary>
    public async Task<bool> HoldAsync(RoomMember member)
    {
        if (Period <= TimeSpan.Zero)
        {
            return false;
        }

        var away = await rooms.MarkAwayAsync(member, time.GetUtcNow() + Period).ConfigureAwait(false);
        if (away is null)
        {
            return true;
        }

        Schedule(away);
        await clients.TellOthersAsync(away, static (other, peer) => other.PeerReconnecting(peer)).ConfigureAwait(false);
        LogHeld(logger, away.Room, away.PeerId, Period);
        return true;
    }

    /// <summary>Frees <paramref name="away"/>'s seat at its <see cref="RoomMember.AwayUntil"/> unless it resumes first.</summary>
    public void Schedule(RoomMember away)
    {
        ArgumentNullException.ThrowIfNull(away);
        var now = time.GetUtcNow();
        var due = (away.AwayUntil ?? now) - now;
        var expiry = new Expiry(this, away);
        expiry.Timer = time.CreateTimer(
            static state => ((Expiry)state!).Fire(), expiry, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        var key = (away.Room, away.PeerId);
        _expiries.AddOrUpdate(key, expiry.Timer, (_, previous) =>
        {
            previous.Dispose();
            return expiry.Timer;
        });
        if (Volatile.Read(ref _disposed))
        {
            expiry.Timer.Dispose();
        }
    }

    /// <summary>The peer is back: its seat's expiry on this node is no longer needed.</summary>
    public void Resumed(string room, string peerId)
    {
        if (_expiries.TryRemove((room, peerId), out var timer))
        {
            timer.Dispose();
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        foreach (var key in _expiries.Keys)
        {
            if (_expiries.TryRemove(key, out var timer))
            {
                timer.Dispose();
            }
        }
    }

    private async Task ExpireAsync(RoomMember away)
    {
        try
        {
            // Frees the seat only while the dropped connection still holds it: a resume moved it elsewhere.
            var left = await rooms.LeaveAsync(away).ConfigureAwait(false);
            if (left == LeaveOutcome.NotSeated)
            {
                LogAlreadyBack(logger, away.Room, away.PeerId);
                return;
            }

            LogExpired(logger, away.Room, away.PeerId);
            metrics.Leave("reconnect-expired", closedRoom: left == LeaveOutcome.RoomEmptied);
            await seatReleases.PublishAsync(away.PeerId).ConfigureAwait(false);
            await clients.TellOthersAsync(away, static (other, peer) => other.PeerLeft(peer)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A timer callback has nobody to throw to; a registry that failed retries the release itself.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogExpiryFailed(logger, ex, away.Room, away.PeerId);
        }
    }

    private sealed class Expiry(ReconnectGrace owner, RoomMember away)
    {
        public ITimer Timer { get; set; } = null!;

        public void Fire()
        {
            owner._expiries.TryRemove(new KeyValuePair<(string, string), ITimer>((away.Room, away.PeerId), Timer));
            _ = owner.ExpireAsync(away);
        }
    }

    [LoggerMessage(220, LogLevel.Information, "Peer {PeerId} of room {Room} lost its connection; its seat is held for {Period}.", EventName = "PeerAway")]
    private static partial void LogHeld(ILogger logger, string room, string peerId, TimeSpan period);

    [LoggerMessage(221, LogLevel.Information, "Peer {PeerId} left room {Room} (did not come back in time).", EventName = "PeerAwayExpired")]
    private static partial void LogExpired(ILogger logger, string room, string peerId);

    [LoggerMessage(223, LogLevel.Debug, "Peer {PeerId} of room {Room} took its held seat back elsewhere before it expired; nothing to free.", EventName = "PeerAwayAlreadyBack")]
    private static partial void LogAlreadyBack(ILogger logger, string room, string peerId);

    [LoggerMessage(222, LogLevel.Warning, "The held seat of peer {PeerId} in room {Room} could not be freed.", EventName = "PeerAwayExpiryFailed")]
    private static partial void LogExpiryFailed(ILogger logger, Exception exception, string room, string peerId);
}
