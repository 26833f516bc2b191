using System.Diagnostics.Metrics;
using Parley.Turn.Abuse;
using Parley.Turn.Allocations;

namespace Parley.Turn;

/// <summary>
/// The TURN server's instruments on the <c>Parley.Turn</c> meter. The relay totals are bumped once per packet with
/// a plain interlocked add and read only when a listener collects them (observable counters): recording a tagged
/// measurement per packet through an attached listener (OpenTelemetry) cost more than the relay's own bookkeeping.
/// </summary>
internal sealed class TurnMetrics : IDisposable
{
    public const string MeterName = "Parley.Turn";

    private static readonly KeyValuePair<string, object?> ToPeer = new("direction", "to_peer");
    private static readonly KeyValuePair<string, object?> ToClient = new("direction", "to_client");
    private static readonly KeyValuePair<string, object?> Allocated = new("state", "allocated");
    private static readonly KeyValuePair<string, object?> Idle = new("state", "idle");

    // Indexed by RefusalReason.
    private static readonly KeyValuePair<string, object?>[] RefusalTags =
    [
        new("reason", "total"),
        new("reason", "grant"),
        new("reason", "address"),
        new("reason", "revoked"),
        new("reason", "stream_budget"),
    ];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _allocations;
    private readonly Counter<long> _authenticationFailures;
    private readonly Counter<long> _deniedPeers;
    private readonly Counter<long> _streamsRefused;
    private readonly Counter<long> _streamsClosedWithoutAllocation;
    private readonly Counter<long> _refusals;
    private readonly RelayTotals _toPeer = new();
    private readonly RelayTotals _toClient = new();
    private long _droppedToClient;

    public TurnMetrics(IMeterFactory? meterFactory, AllocationTable allocations)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableUpDownCounter("parley.turn.allocations.active", () => allocations.Count,
            "{allocation}", "Allocations that exist now");
        _allocations = _meter.CreateCounter<long>("parley.turn.allocations", "{allocation}", "Allocations created");
        _meter.CreateObservableCounter("parley.turn.relayed.bytes",
            () => (Measurement<long>[])[new(_toPeer.Bytes, ToPeer), new(_toClient.Bytes, ToClient)],
            "By", "Payload bytes relayed, by direction");
        _meter.CreateObservableCounter("parley.turn.relayed.packets",
            () => (Measurement<long>[])[new(_toPeer.Packets, ToPeer), new(_toClient.Packets, ToClient)],
            "{packet}", "Packets relayed, by direction");
        _meter.CreateObservableCounter("parley.turn.relayed.dropped", () => Interlocked.Read(ref _droppedToClient),
            "{packet}", "Peer datagrams dropped because a TCP client's send backlog was full (it reads slower than its peers send)");
        _authenticationFailures = _meter.CreateCounter<long>("parley.turn.authentication.failures", "{request}",
            "Requests whose credentials were refused (401 despite MESSAGE-INTEGRITY): wrong, unknown or expired");
        _deniedPeers = _meter.CreateCounter<long>("parley.turn.peers.denied", "{request}",
            "Permissions and channel bindings refused by the peer address filter (403)");
        _streamsRefused = _meter.CreateCounter<long>("parley.turn.tcp.refused", "{connection}",
            "TCP and TLS client connections closed at once, by the limit reached: total_limit, address_limit, idle_address_limit");
        _streamsClosedWithoutAllocation = _meter.CreateCounter<long>("parley.turn.tcp.closed_without_allocation", "{connection}",
            "TCP and TLS client connections closed for holding no allocation for Turn:TcpAllocationTimeout");
        _refusals = _meter.CreateCounter<long>("parley.turn.refusals", "{request}",
            "Requests refused by reason: an allocation quota (total, grant, address: 486), a revoked grant (403), or a "
            + "stream connection closed for asking too many unauthenticated answers (stream_budget)");
    }

    /// <summary>Reports the stream connections open now, by whether they hold an allocation.</summary>
    public void ObserveStreamConnections(Func<(int Open, int Idle)> counts) =>
        _meter.CreateObservableUpDownCounter("parley.turn.tcp.connections", () =>
        {
            (int open, int idle) = counts();
            return (Measurement<int>[])[new(open - idle, Allocated), new(idle, Idle)];
        }, "{connection}", "TCP and TLS client connections open now, with an allocation or without (idle)");

    public void AllocationCreated() => _allocations.Add(1);

    public void RelayedToPeer(int bytes) => _toPeer.Add(bytes);

    public void RelayedToClient(int bytes) => _toClient.Add(bytes);

    public void DroppedToClient() => Interlocked.Increment(ref _droppedToClient);

    public void AuthenticationFailed() => _authenticationFailures.Add(1);

    public void PeerDenied() => _deniedPeers.Add(1);

    public void StreamRefused(string limit) => _streamsRefused.Add(1, new KeyValuePair<string, object?>("limit", limit));

    public void StreamClosedWithoutAllocation() => _streamsClosedWithoutAllocation.Add(1);

    public void Refused(RefusalReason reason) => _refusals.Add(1, RefusalTags[(int)reason]);

    public void Dispose()
    {
        // A factory's meters live as long as the factory; only a meter made here is disposed here.
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
