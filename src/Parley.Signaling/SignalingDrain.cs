using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Parley.Signaling;

/// <summary>
/// A node's graceful exit, run by the host when it stops (SIGTERM), before any service stops and while every
/// connection can still hear: <c>Join</c>, <c>Rejoin</c> and <c>Resume</c> answer <c>server-draining</c>, every
/// connection on this node gets <c>Reconnect</c> (so its client reconnects, through a load balancer, to another node),
/// and the drain waits until they have gone or <see cref="SignalingOptions.DrainTimeout"/> ends, then closes whatever
/// is left.
/// </summary>
public sealed partial class SignalingDrain(
    ConnectionRegistry connections,
    IOptions<SignalingOptions> options,
    ILogger<SignalingDrain> logger) : IHostedLifecycleService
{
    private volatile bool _draining;

    public bool IsDraining => _draining;

    /// <summary>Stops taking joins, tells this node's clients to reconnect elsewhere, and waits for them to go.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        _draining = true;
        var timeout = options.Value.DrainTimeout;
        var open = connections.Snapshot();
        LogDraining(logger, open.Length, timeout.TotalSeconds);
        // One send per connection, straight to its socket: nothing between nodes is needed for this.
        await Task.WhenAll(open.Select(TellToReconnectAsync)).ConfigureAwait(false);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await connections.WhenEmptyAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The deadline (or the host's shutdown timeout) passed: the connections still open are closed below.
        }

        var left = connections.Snapshot();
        foreach (var connection in left)
        {
            connection.Close(ConnectionCloseReason.Shutdown);
        }

        LogDrained(logger, left.Length);
    }

    Task IHostedLifecycleService.StoppingAsync(CancellationToken cancellationToken) => DrainAsync(cancellationToken);

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task TellToReconnectAsync(SignalingConnection connection)
    {
        try
        {
            await connection.Caller.Reconnect().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The drain goes on: that client is closed at the deadline instead.
            LogReconnectFailed(logger, connection.ConnectionId, e);
        }
    }

    [LoggerMessage(230, LogLevel.Information, "Draining: told {Count} connections to reconnect elsewhere; waiting up to {Seconds} s.", EventName = "Draining")]
    private static partial void LogDraining(ILogger logger, int count, double seconds);

    [LoggerMessage(231, LogLevel.Information, "Drained; {Count} connections were still open and are closed.", EventName = "Drained")]
    private static partial void LogDrained(ILogger logger, int count);

    [LoggerMessage(232, LogLevel.Warning, "Could not tell connection {ConnectionId} to reconnect.", EventName = "ReconnectNotSent")]
    private static partial void LogReconnectFailed(ILogger logger, string connectionId, Exception exception);
}
