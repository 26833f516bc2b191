using System.Diagnostics.Metrics;

namespace Parley.Server.Connections;

/// <summary>The <c>Parley.Connections</c> meter: web connections refused by the per-address limits or closed by a deadline.</summary>
internal sealed class ConnectionMetrics
{
    public const string MeterName = "Parley.Connections";

    private static readonly KeyValuePair<string, object?> Active = new("state", "active");
    private static readonly KeyValuePair<string, object?> Idle = new("state", "idle");

    private readonly Counter<long> _refused;
    private readonly Counter<long> _timedOut;

    private readonly Meter _meter;

    public ConnectionMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _refused = _meter.CreateCounter<long>("parley.connections.refused", "{connection}",
            "Connections to the web addresses closed at once, by the limit reached: address_limit, idle_address_limit, websocket_limit");
        _timedOut = _meter.CreateCounter<long>("parley.connections.timed_out", "{connection}",
            "Connections to the web addresses closed by a deadline, by stage: tls_handshake, first_bytes");
    }

    /// <summary>Reports the connections open now, past their first bytes (active) or not yet (idle).</summary>
    public void ObserveConnections(Func<(int Open, int Idle)> counts) =>
        _meter.CreateObservableUpDownCounter("parley.connections", () =>
        {
            var (open, idle) = counts();
            return (Measurement<int>[])[new(open - idle, Active), new(idle, Idle)];
        }, "{connection}", "Connections to the web addresses open now, past their first bytes (active) or not yet (idle)");

    /// <summary>Reports the WebSockets Parley accepted below HTTP, which Kestrel's <c>kestrel.upgraded_connections</c> does not count.</summary>
    public void ObserveWebSockets(Func<long> open) =>
        _meter.CreateObservableUpDownCounter("parley.connections.websockets", open, "{connection}",
            "Signaling WebSockets open now that Parley accepted below HTTP (kestrel.upgraded_connections counts those HTTP upgraded)");

    public void Refused(string limit) => _refused.Add(1, new KeyValuePair<string, object?>("limit", limit));

    public void TimedOut(string stage) => _timedOut.Add(1, new KeyValuePair<string, object?>("stage", stage));
}
