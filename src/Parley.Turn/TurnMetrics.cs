using System.Diagnostics.Metrics;
using Parley.Turn.Allocations;

namespace Parley.Turn;

/// <summary>
/// The TURN server's instruments on the <c>Parley.Turn</c> meter. The relay counters are called once per packet,
/// so they take no tags or one cached tag: nothing allocates when no listener is attached, nor with one.
/// </summary>
internal sealed class TurnMetrics : IDisposable
{
    public const string MeterName = "Parley.Turn";

    private static readonly KeyValuePair<string, object?> ToPeer = new("direction", "to_peer");
    private static readonly KeyValuePair<string, object?> ToClient = new("direction", "to_client");

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _allocations;
    private readonly Counter<long> _relayedBytes;
    private readonly Counter<long> _relayedPackets;
    private readonly Counter<long> _authenticationFailures;
    private readonly Counter<long> _deniedPeers;

    public TurnMetrics(IMeterFactory? meterFactory, AllocationTable allocations)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableUpDownCounter("parley.turn.allocations.active", () => allocations.Count,
            "{allocation}", "Allocations that exist now");
        _allocations = _meter.CreateCounter<long>("parley.turn.allocations", "{allocation}", "Allocations created");
        _relayedBytes = _meter.CreateCounter<long>("parley.turn.relayed.bytes", "By", "Payload bytes relayed, by direction");
        _relayedPackets = _meter.CreateCounter<long>("parley.turn.relayed.packets", "{packet}", "Packets relayed, by direction");
        _authenticationFailures = _meter.CreateCounter<long>("parley.turn.authentication.failures", "{request}",
            "Requests whose credentials were refused (401 despite MESSAGE-INTEGRITY): wrong, unknown or expired");
        _deniedPeers = _meter.CreateCounter<long>("parley.turn.peers.denied", "{request}",
            "Permissions and channel bindings refused by the peer address filter (403)");
    }

    public void AllocationCreated() => _allocations.Add(1);

    public void RelayedToPeer(int bytes)
    {
        _relayedBytes.Add(bytes, ToPeer);
        _relayedPackets.Add(1, ToPeer);
    }

    public void RelayedToClient(int bytes)
    {
        _relayedBytes.Add(bytes, ToClient);
        _relayedPackets.Add(1, ToClient);
    }

    public void AuthenticationFailed() => _authenticationFailures.Add(1);

    public void PeerDenied() => _deniedPeers.Add(1);

    public void Dispose()
    {
        // A factory's meters live as long as the factory; only a meter made here is disposed here.
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
