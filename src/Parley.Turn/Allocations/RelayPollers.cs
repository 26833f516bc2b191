using Microsoft.Extensions.Logging;
using Parley.Turn.Native;
using Parley.Turn.Transports;

namespace Parley.Turn.Allocations;

/// <summary>
/// Starts each allocation's relay receiving: on Linux, UDP clients' relay sockets are spread over a few
/// <see cref="RelayPoller"/> threads (one per two cores: the listener threads use the rest), started on first use;
/// elsewhere, and for TCP clients whose sends may wait, each relay socket gets its own async loop.
/// </summary>
internal sealed class RelayPollers(ILogger logger) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly RelayPoller?[] _pollers = new RelayPoller?[Math.Max(1, Environment.ProcessorCount / 2)];
    private int _next;
    private bool _disposed;

    /// <summary>Relays peers' datagrams on <paramref name="relay"/> to <paramref name="owner"/>'s client until the relay is disposed.</summary>
    public void Start(RelayEndpoint relay, Allocation owner)
    {
        if (owner.Client is UdpClientConnection client && LinuxSocketCalls.IsSupported && NextPoller() is { } poller
            && poller.TryAdd(relay, owner, client) is { } registration)
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

    private RelayPoller? NextPoller()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return null;
            }

            int index = _next++ % _pollers.Length;
            return _pollers[index] ??= RelayPoller.TryStart(logger, $"TURN relay poller {index}");
        }
    }
}
