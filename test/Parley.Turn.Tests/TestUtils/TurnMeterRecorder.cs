using System.Diagnostics.Metrics;

namespace Parley.Turn.Tests.TestUtils;

/// <summary>
/// A meter factory for one server and a listener that sums what that server's <c>Parley.Turn</c> instruments
/// record, without allocating in the callback (so it can run inside an allocation measurement). The relay totals
/// are observable counters: reading them collects their current value.
/// </summary>
internal sealed class TurnMeterRecorder : IMeterFactory
{
    // The reason tags of parley.turn.refusals.
    private static readonly string[] RefusalReasons = ["total", "grant", "address", "revoked", "stream_budget"];

    private readonly long[] _refusals = new long[RefusalReasons.Length];
    private readonly MeterListener _listener = new();
    private readonly List<Meter> _meters = [];
    private long _bytesToPeer;
    private long _packetsToPeer;
    private long _bytesToClient;
    private long _packetsToClient;
    private long _allocations;
    private long _deniedPeers;
    private long _authenticationFailures;
    private long _streamsRefused;
    private long _streamsClosedWithoutAllocation;

    public TurnMeterRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == this)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    public long BytesToPeer => ReadRelayTotal(ref _bytesToPeer);

    public long PacketsToPeer => ReadRelayTotal(ref _packetsToPeer);

    public long BytesToClient => ReadRelayTotal(ref _bytesToClient);

    public long PacketsToClient => ReadRelayTotal(ref _packetsToClient);

    public long Allocations => Interlocked.Read(ref _allocations);

    public long DeniedPeers => Interlocked.Read(ref _deniedPeers);

    public long AuthenticationFailures => Interlocked.Read(ref _authenticationFailures);

    public long StreamsRefused => Interlocked.Read(ref _streamsRefused);

    public long StreamsClosedWithoutAllocation => Interlocked.Read(ref _streamsClosedWithoutAllocation);

    /// <summary>Requests refused for <paramref name="reason"/> (total, grant, address, revoked, stream_budget).</summary>
    public long Refusals(string reason) => Interlocked.Read(ref _refusals[Array.IndexOf(RefusalReasons, reason)]);

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (Meter meter in _meters)
        {
            meter.Dispose();
        }
    }

    private long ReadRelayTotal(ref long total)
    {
        _listener.RecordObservableInstruments();
        return Interlocked.Read(ref total);
    }

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        bool toPeer = tags.Length == 1 && (string?)tags[0].Value == "to_peer";
        switch (instrument.Name)
        {
            case "parley.turn.relayed.bytes":
                Interlocked.Exchange(ref toPeer ? ref _bytesToPeer : ref _bytesToClient, value);
                break;
            case "parley.turn.relayed.packets":
                Interlocked.Exchange(ref toPeer ? ref _packetsToPeer : ref _packetsToClient, value);
                break;
            case "parley.turn.allocations":
                Interlocked.Add(ref _allocations, value);
                break;
            case "parley.turn.peers.denied":
                Interlocked.Add(ref _deniedPeers, value);
                break;
            case "parley.turn.authentication.failures":
                Interlocked.Add(ref _authenticationFailures, value);
                break;
            case "parley.turn.tcp.refused":
                Interlocked.Add(ref _streamsRefused, value);
                break;
            case "parley.turn.tcp.closed_without_allocation":
                Interlocked.Add(ref _streamsClosedWithoutAllocation, value);
                break;
            case "parley.turn.refusals":
                Interlocked.Add(ref _refusals[Array.IndexOf(RefusalReasons, (string?)tags[0].Value)], value);
                break;
        }
    }
}
