using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Parley.Signaling.Tests.TestUtils;

/// <summary>Sums one server's measurements by instrument and first tag value.</summary>
internal sealed class RecordedMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string? Tag), long> _sums = new();

    public RecordedMeasurements(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == scope && instrument.Meter.Name == SignalingMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _sums.AddOrUpdate((instrument.Name, tags.Length > 0 ? tags[0].Value as string : null), value, (_, sum) => sum + value));
        _listener.Start();
    }

    public long Sum(string name, string? tag = null) => _sums.GetValueOrDefault((name, tag));

    public void Dispose() => _listener.Dispose();
}
