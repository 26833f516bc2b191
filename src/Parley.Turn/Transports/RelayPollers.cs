using Microsoft.Extensions.Logging;
using Parley.Turn.Allocations;

namespace Parley.Turn.Transports;

/// <summary>
/// Starts each allocation's relay receiving: on the batched path (Linux), UDP clients' relay sockets are spread over a
/// few <see cref="RelayPoller"/> threads (one per two cores: the listener threads use the rest), started on first use,
/// and plain TCP clients with their allocations' relay sockets are served by one of them each; on the portable path,
/// and for TLS clients, each relay socket gets its own async loop.
/// </summary>
internal sealed class RelayPollers(ILogger logger, bool batched) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly RelayPoller?[] _pollers = new RelayPoller?[Math.Max(1, Environment.ProcessorCount / 2)];
    private int _next;
    private bool _disposed;

    /// <summary>Relays peers' datagrams on <paramref name="relay"/> to <paramref name="owner"/>'s client until the relay is disposed.</summary>
    public void Start(RelayEndpoint relay, Allocation owner)
    {
        RelayPoller? poller = owner.Client switch
        {
            UdpClientConnection => NextPoller(),
            PolledTcpConnection tcp => tcp.Poller,
            _ => null,
        };
        if (poller?.TryAdd(relay, owner) is { } registration)
        {
            relay.RegisteredWith(registration);
            return;
        }

        // The loop ends when the allocation is disposed (its sockets close and its token is cancelled).
        _ = relay.RunAsync(owner, owner.Stopping);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (RelayPoller? poller in _pollers)
            {
                poller?.Dispose();
            }
        }
    }

    /// <summary>The next poller in turn (started on first use), or null once stopping or on the portable path.</summary>
    public RelayPoller? NextPoller()
    {
        lock (_gate)
        {
            if (_disposed || !batched)
            {
                return null;
            }

            int index = _next++ % _pollers.Length;
            return _pollers[index] ??= RelayPoller.TryStart(logger, $"TURN relay poller {index}");
        }
    }
}
