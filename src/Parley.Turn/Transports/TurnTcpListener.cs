using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Parley.Turn.Allocations;
using Parley.Turn.Handlers;
using Parley.Turn.Stun;

namespace Parley.Turn.Transports;

/// <summary>
/// STUN/TURN over TCP: accepts the connections <see cref="StreamAdmission"/> makes room for. On 64-bit Linux each is served
/// by a relay poller thread (<see cref="PolledTcpConnection"/>), elsewhere by an async loop of its own. RFC 8656 §3.1
/// ("SHOULD support TCP").
/// </summary>
internal sealed class TurnTcpListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly TurnPacketRouter _router;
    private readonly RelayPollers _pollers;
    private readonly TurnMetrics _metrics;
    private readonly StreamAdmission _admission;
    private readonly ILogger _logger;
    private readonly TransportAddress _localAddress;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private readonly ConcurrentDictionary<PolledTcpConnection, bool> _polled = new();
    private Task _acceptLoop = Task.CompletedTask;

    public TurnTcpListener(IPEndPoint endPoint, TurnPacketRouter router, TurnServerContext server, ILogger logger)
    {
        _router = router;
        _pollers = server.RelayPollers;
        _metrics = server.Metrics;
        _admission = server.Streams;
        _logger = logger;
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

            var fiveTuple = new FiveTuple(TransportProtocol.Tcp, TransportAddress.FromIPEndPoint((IPEndPoint)client.RemoteEndPoint!), _localAddress);
            if (_admission.TryAdmit(fiveTuple) is not { } lease)
            {
                client.Dispose();
                continue;
            }

            if (_pollers.NextPoller() is { } poller)
            {
                ServeOnPoller(client, fiveTuple, poller, lease);
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
                lease.Dispose();
                continue;
            }

            var connection = new StreamClientConnection(new NetworkStream(client, ownsSocket: true), fiveTuple, _router, _logger);
            lease.Attach(connection.Close);
            Task run = Task.Run(async () =>
            {
                using (lease)
                {
                    await connection.RunAsync(cancellationToken).ConfigureAwait(false);
                }
            }, CancellationToken.None);
            _connections[run] = true;
            _ = run.ContinueWith(static (task, state) => ((ConcurrentDictionary<Task, bool>)state!).TryRemove(task, out _),
                _connections, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void ServeOnPoller(Socket client, in FiveTuple fiveTuple, RelayPoller poller, StreamLease lease)
    {
        PolledTcpConnection polled;
        try
        {
            polled = new PolledTcpConnection(client, fiveTuple, _router, _metrics, _logger, c =>
            {
                _polled.TryRemove(c, out _);
                lease.Dispose();
            });
        }
        catch (SocketException e)
        {
            // Reset before its socket options could be set.
            _logger.SocketOperationFailed("TCP accept", e.SocketErrorCode);
            client.Dispose();
            lease.Dispose();
            return;
        }

        _polled[polled] = true;
        lease.Attach(polled.Close);
        polled.Start(poller);
    }
}
