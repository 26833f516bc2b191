using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Signaling.Rooms;
using Parley.Signaling.Seats;

namespace Parley.Signaling.Redis;

/// <summary>
/// Keeps this node present in the shared registry and cleans up after others: every
/// <see cref="RedisRoomRegistryOptions.HeartbeatInterval"/> it heartbeats, retries failed releases and reaps the
/// seats of nodes whose presence lapsed, sending <c>PeerLeft</c> to the others seated in each freed seat's room,
/// wherever their connections are. With a reconnect
/// grace period (<see cref="ReconnectGrace"/>) a dead node's seats are held instead: their rooms hear
/// <c>PeerReconnecting</c>, and this node frees whatever is not resumed in time.
/// </summary>
/// <remarks>
/// It reaps only after its own heartbeats have succeeded for a whole <see cref="RedisRoomRegistryOptions.PresenceTimeout"/>:
/// after Redis comes back from an outage longer than the timeout, every presence has lapsed, and live nodes need
/// one timeout to heartbeat again before anyone may judge them dead. On shutdown it ends its presence, so the other
/// nodes reap what this one still holds without waiting. Redis errors are logged and retried on the next tick.
/// </remarks>
public sealed partial class RedisPresenceService(
    IRoomPresence presence,
    SignalingClients clients,
    IOptions<RedisRoomRegistryOptions> options,
    TimeProvider time,
    ILogger<RedisPresenceService> logger,
    ReconnectGrace? reconnectGrace = null,
    ISeatReleases? seatReleases = null) : BackgroundService
{
    private readonly RedisRoomRegistryOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(logger, presence.NodeId, _options.HeartbeatInterval, _options.PresenceTimeout);
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, time);
        long? healthySince = null;
        do
        {
            try
            {
                await presence.HeartbeatAsync(stoppingToken).ConfigureAwait(false);
                healthySince ??= time.GetTimestamp();
                await AnnounceAsync(await presence.RetryPendingReleasesAsync(stoppingToken).ConfigureAwait(false), "released")
                    .ConfigureAwait(false);

                if (time.GetElapsedTime(healthySince.Value) >= _options.PresenceTimeout)
                {
                    await ReapAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // A failed tick (Redis down, a send that failed) must not stop the host; the next tick retries.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                healthySince = null;
                LogTickFailed(logger, ex, presence.NodeId);
            }
        }
        while (await WaitForNextTickAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await presence.GoOfflineAsync(cancellationToken).ConfigureAwait(false);
            LogOffline(logger, presence.NodeId);
        }
#pragma warning disable CA1031 // Shutting down: the presence lapses by itself anyway.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogOfflineFailed(logger, ex, presence.NodeId);
        }
    }

    private async Task ReapAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<RoomMember> reaped;
        do
        {
            reaped = await presence.ReapDeadNodesAsync(reconnectGrace?.Period ?? TimeSpan.Zero, stoppingToken)
                .ConfigureAwait(false);
            await AnnounceAsync(reaped, "reaped").ConfigureAwait(false);
        }
        while (reaped.Count >= _options.ReapBatchSize && !stoppingToken.IsCancellationRequested);
    }

    private async Task AnnounceAsync(IReadOnlyList<RoomMember> members, string reason)
    {
        foreach (var member in members)
        {
            LogPeerRemoved(logger, member.Room, member.PeerId, member.IsAway ? reason + ", held" : reason);
            try
            {
                // Not cancelled on shutdown: the seat is already gone or held, and the room should hear of it.
                if (member.IsAway && reconnectGrace is not null)
                {
                    reconnectGrace.Schedule(member);
                    await clients.TellOthersAsync(member, static (other, peer) => other.PeerReconnecting(peer)).ConfigureAwait(false);
                }
                else
                {
                    if (seatReleases is not null)
                    {
                        await seatReleases.PublishAsync(member.PeerId).ConfigureAwait(false);
                    }

                    await clients.TellOthersAsync(member, static (other, peer) => other.PeerLeft(peer)).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // One lost notice must not cost the rest theirs.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogAnnounceFailed(logger, ex, member.Room, member.PeerId);
            }
        }
    }

    private static async ValueTask<bool> WaitForNextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(101, LogLevel.Information, "Room presence of node {NodeId} started: heartbeat every {Interval}, lapses after {Timeout}.", EventName = "PresenceStarted")]
    private static partial void LogStarted(ILogger logger, string nodeId, TimeSpan interval, TimeSpan timeout);

    [LoggerMessage(102, LogLevel.Information, "Peer {PeerId} removed from room {Room} ({Reason}).", EventName = "PresencePeerRemoved")]
    private static partial void LogPeerRemoved(ILogger logger, string room, string peerId, string reason);

    [LoggerMessage(103, LogLevel.Warning, "Room presence tick of node {NodeId} failed; retrying on the next tick.", EventName = "PresenceTickFailed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, string nodeId);

    [LoggerMessage(106, LogLevel.Warning, "PeerLeft for peer {PeerId} could not be sent to room {Room}.", EventName = "PresencePeerLeftFailed")]
    private static partial void LogAnnounceFailed(ILogger logger, Exception exception, string room, string peerId);

    [LoggerMessage(104, LogLevel.Information, "Node {NodeId} left the room registry.", EventName = "PresenceOffline")]
    private static partial void LogOffline(ILogger logger, string nodeId);

    [LoggerMessage(105, LogLevel.Warning, "Node {NodeId} could not end its presence; it lapses by itself.", EventName = "PresenceOfflineFailed")]
    private static partial void LogOfflineFailed(ILogger logger, Exception exception, string nodeId);
}
