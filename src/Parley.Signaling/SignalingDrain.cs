using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Parley.Signaling;

/// <summary>
/// A node's graceful exit: once draining, <c>Join</c> and <c>Rejoin</c> answer <c>server-draining</c>, every
/// connection on this node gets <c>Reconnect</c> (so its client reconnects, through a load balancer, to another
/// node), and the drain waits until they have gone or <see cref="SignalingOptions.DrainTimeout"/> ends, then
/// closes whatever is left.
/// </summary>
public sealed partial class SignalingDrain(
    IOptions<SignalingOptions> options,
    ILogger<SignalingDrain> logger)
{
    private readonly ConcurrentDictionary<string, SignalingConnection> _connections = new(StringComparer.Ordinal);
    private volatile bool _draining;

    public bool IsDraining => _draining;

    /// <summary>Connections open on this node.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>The connection of this node with the id <paramref name="connectionId"/>, if it is still open.</summary>
    internal SignalingConnection? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    internal void Track(SignalingConnection connection) => _connections[connection.ConnectionId] = connection;

    internal void Untrack(SignalingConnection connection) => _connections.TryRemove(connection.ConnectionId, out _);

    /// <summary>Stops taking joins, tells this node's clients to reconnect elsewhere, and waits for them to go.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        _draining = true;
        var timeout = options.Value.DrainTimeout;
        var connections = _connections.Values.ToArray();
        LogDraining(logger, connections.Length, timeout.TotalSeconds);
        // One send per connection: to a connection of this node it goes straight to its socket, even when a
        // scale-out backplane (which a send to many would go through) is what is failing.
        await Task.WhenAll(connections.Select(TellToReconnectAsync)).ConfigureAwait(false);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (!_connections.IsEmpty)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The deadline passed: the connections still open are closed below.
        }

        var left = _connections.Values.ToArray();
        foreach (var connection in left)
        {
            connection.Close(ConnectionCloseReason.Shutdown);
        }

        LogDrained(logger, left.Length);
    }

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

    [LoggerMessage(42, LogLevel.Warning, "Could not tell connection {ConnectionId} to reconnect.", EventName = "ReconnectNotSent")]
    private static partial void LogReconnectFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(40, LogLevel.Information, "Draining: told {Count} connections to reconnect elsewhere; waiting up to {Seconds} s.", EventName = "Draining")]
    private static partial void LogDraining(ILogger logger, int count, double seconds);

    [LoggerMessage(41, LogLevel.Information, "Drained; {Count} connections were still open and are closed.", EventName = "Drained")]
    private static partial void LogDrained(ILogger logger, int count);
}
