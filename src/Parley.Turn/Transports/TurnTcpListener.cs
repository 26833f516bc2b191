using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Parley.Turn.Allocations;
using Parley.Turn.Handlers;
using Parley.Turn.Stun;

namespace Parley.Turn.Transports;

/// <summary>
/// STUN/TURN over TCP: accepts connections up to the configured limit. On 64-bit Linux each is served by a relay poller
/// thread (<see cref="PolledTcpConnection"/>), elsewhere by an async loop of its own. RFC 8656 §3.1 ("SHOULD support TCP").
/// </summary>
internal sealed class TurnTcpListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly TurnPacketRouter _router;
    private readonly RelayPollers _pollers;
    private readonly TurnMetrics _metrics;
    private readonly ILogger _logger;
    private readonly int _maxConnections;
    private readonly TransportAddress _localAddress;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private readonly ConcurrentDictionary<PolledTcpConnection, bool> _polled = new();
    private Task _acceptLoop = Task.CompletedTask;

    public TurnTcpListener(IPEndPoint endPoint, TurnPacketRouter router, RelayPollers pollers, TurnMetrics metrics, ILogger logger, int maxConnections)
    {
        _router = router;
        _pollers = pollers;
        _metrics = metrics;
        _logger = logger;
        _maxConnections = maxConnections;
        _socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = false;
        }

        _socket.Bind(endPoint);
        _socket.Listen(512);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _localAddress = TransportAddress.FromIPEndPoint(LocalEndPoint);
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Start() => _acceptLoop = Task.Run(() => AcceptLoopAsync(_stopping.Token));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        foreach (PolledTcpConnection connection in _polled.Keys)
        {
            connection.Close("server stopping");
        }

        await Task.WhenAll(_connections.Keys).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _logger.SocketOperationFailed("TCP accept", e.SocketErrorCode);
                continue;
            }

            if (_connections.Count + _polled.Count >= _maxConnections)
            {
                _logger.TcpConnectionLimitReached(client.RemoteEndPoint, _maxConnections);
                client.Dispose();
                continue;
            }

            var fiveTuple = new FiveTuple(TransportProtocol.Tcp, TransportAddress.FromIPEndPoint((IPEndPoint)client.RemoteEndPoint!), _localAddress);
            if (_pollers.NextPoller() is { } poller)
            {
                ServeOnPoller(client, fiveTuple, poller);
                continue;
            }

            try
            {
                // As a poller's client (PolledTcpConnection.SocketSendBufferSize): left alone, Linux grows the send buffer
                // of a client that reads slowly to megabytes, seconds of stale media.
                client.NoDelay = true;
                client.SendBufferSize = PolledTcpConnection.SocketSendBufferSize;
            }
            catch (SocketException e)
            {
                // Reset before its socket options could be set.
                _logger.SocketOperationFailed("TCP accept", e.SocketErrorCode);
                client.Dispose();
                continue;
            }

            var connection = new StreamClientConnection(new NetworkStream(client, ownsSocket: true), fiveTuple, _router, _logger);
            Task run = Task.Run(() => connection.RunAsync(cancellationToken), CancellationToken.None);
            _connections[run] = true;
            _ = run.ContinueWith(static (task, state) => ((ConcurrentDictionary<Task, bool>)state!).TryRemove(task, out _),
                _connections, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void ServeOnPoller(Socket client, in FiveTuple fiveTuple, RelayPoller poller)
    {
        PolledTcpConnection polled;
        try
        {
            polled = new PolledTcpConnection(client, fiveTuple, _router, _metrics, _logger, c => _polled.TryRemove(c, out _));
        }
        catch (SocketException e)
        {
            // Reset before its socket options could be set.
            _logger.SocketOperationFailed("TCP accept", e.SocketErrorCode);
            client.Dispose();
            return;
        }

        _polled[polled] = true;
        polled.Start(poller);
    }
}
