using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Parley.Testing;

/// <summary>Sums one server's measurements on one meter, by instrument and first tag value.</summary>
public sealed class RecordedMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string? Tag), long> _sums = new();

    /// <param name="scope">The server's meter factory, so other servers in the same test process are not counted.</param>
    /// <param name="meterName">The meter whose instruments are summed.</param>
    public RecordedMeasurements(IMeterFactory scope, string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == scope && instrument.Meter.Name == meterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _sums.AddOrUpdate((instrument.Name, tags.Length > 0 ? tags[0].Value as string : null), value, (_, sum) => sum + value));
        _listener.Start();
    }

    public long Sum(string name, string? tag = null) => _sums.GetValueOrDefault((name, tag));

    /// <summary>
    /// Waits until <paramref name="name"/> (with <paramref name="tag"/>) sums to <paramref name="expected"/>, for what
    /// the server records after its reply (a disconnect, a timer), and fails with the sum it saw.
    /// </summary>
    public Task WaitForSumAsync(string name, string? tag, long expected, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(
            () => Sum(name, tag) == expected,
            () => $"{name}{(tag is null ? "" : $" ({tag})")} summing {expected} (it sums {Sum(name, tag)})",
            timeout);

    public void Dispose() => _listener.Dispose();
}
