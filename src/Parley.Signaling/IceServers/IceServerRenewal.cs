using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Signaling.Contracts;
using Parley.Signaling.Seats;
using Parley.Turn.Auth;

namespace Parley.Signaling.IceServers;

/// <summary>
/// Keeps a seated connection's TURN credentials fresh: shortly before the first of them expires, the connection gets
/// an <c>IceServers</c> event with new ones, for as long as it holds its seat. An external TURN server cannot be told
/// that a seat is gone, so its credentials are kept short-lived and renewed this way.
/// </summary>
public sealed partial class IceServerRenewal(
    IIceServerProvider iceServers,
    IOptions<IceOptions> iceOptions,
    TimeProvider time,
    ILogger<IceServerRenewal> logger)
{
    /// <summary>The longest a renewal comes before the expiry, so that a client has time to apply it.</summary>
    private static readonly TimeSpan MaxLead = TimeSpan.FromMinutes(5);

    /// <summary>The ICE servers for <paramref name="peerId"/>'s seat on <paramref name="connection"/>, renewed until it leaves.</summary>
    public IReadOnlyList<IceServer> IssueAndSchedule(SignalingConnection connection, string peerId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var servers = iceServers.GetIceServers(SeatGrant.For(peerId), connection.RequestHost);
        Schedule(connection, peerId, servers);
        return servers;
    }

    /// <summary>Stops renewing <paramref name="connection"/>'s credentials: it left its seat or closed.</summary>
    public static void Cancel(SignalingConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.ReplaceIceRenewal(null);
    }

    /// <summary>The earliest expiry of the TURN REST credentials in <paramref name="servers"/>, or null when none expires.</summary>
    public static DateTimeOffset? EarliestExpiry(IReadOnlyList<IceServer> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        DateTimeOffset? earliest = null;
        foreach (var server in servers)
        {
            if (server.Username is { } username && TurnRestCredentials.TryGetExpiry(username, out var expiry)
                && (earliest is null || expiry < earliest))
            {
                earliest = expiry;
            }
        }

        return earliest;
    }

    /// <summary>When to renew credentials that expire after <paramref name="remaining"/>: a fifth of it before, at most <see cref="MaxLead"/>.</summary>
    public static TimeSpan DueIn(TimeSpan remaining) =>
        remaining <= TimeSpan.Zero ? TimeSpan.Zero : remaining - TimeSpan.FromTicks(Math.Min(remaining.Ticks / 5, MaxLead.Ticks));

    private void Schedule(SignalingConnection connection, string peerId, IReadOnlyList<IceServer> servers)
    {
        if (EarliestExpiry(servers) is not { } expiry)
        {
            connection.ReplaceIceRenewal(null);
            return;
        }

        var renewal = new Renewal(this, connection, peerId);
        connection.ReplaceIceRenewal(time.CreateTimer(
            static state => ((Renewal)state!).Fire(), renewal, DueIn(expiry - time.GetUtcNow()), Timeout.InfiniteTimeSpan));
    }

    private async Task RenewAsync(SignalingConnection connection, string peerId)
    {
        if (connection.Membership?.PeerId != peerId)
        {
            return;
        }

        try
        {
            var servers = IssueAndSchedule(connection, peerId);
            await connection.Caller.IceServers(new IceServersResponse(servers, iceOptions.Value.TransportPolicy)).ConfigureAwait(false);
            LogRenewed(logger, peerId, EarliestExpiry(servers));
        }
#pragma warning disable CA1031 // A timer callback has nobody to throw to; a closed socket simply misses its renewal.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogRenewalFailed(logger, e, peerId);
        }
    }

    private sealed class Renewal(IceServerRenewal owner, SignalingConnection connection, string peerId)
    {
        public void Fire() => _ = owner.RenewAsync(connection, peerId);
    }

    [LoggerMessage(250, LogLevel.Debug, "TURN credentials of peer {PeerId} renewed, now valid until {Expiry}.", EventName = "IceServersRenewed")]
    private static partial void LogRenewed(ILogger logger, string peerId, DateTimeOffset? expiry);

    [LoggerMessage(251, LogLevel.Warning, "TURN credentials of peer {PeerId} could not be renewed.", EventName = "IceServersRenewalFailed")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, string peerId);
}
