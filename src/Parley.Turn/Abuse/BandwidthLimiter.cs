namespace Parley.Turn.Abuse;

/// <summary>
/// A byte-rate cap for one direction of one allocation's relay path: a GCRA cell where each datagram costs its
/// payload's share of a second. Up to one second's worth may pass in a burst. Lock-free and allocation-free, so
/// it can sit on the relay hot path.
/// </summary>
internal sealed class BandwidthLimiter(long bytesPerSecond)
{
    private long _theoreticalArrival;

    /// <summary>Whether <paramref name="bytes"/> more may be relayed at <paramref name="now"/>.</summary>
    public bool TryConsume(int bytes, DateTimeOffset now)
    {
        // Rounded up, so a cap above 10 MB/s (less than a tick per byte) is never exceeded. A datagram bigger than
        // a second's budget still passes when the budget is full, and then holds the direction until it is repaid.
        long cost = ((bytes * TimeSpan.TicksPerSecond) + bytesPerSecond - 1) / bytesPerSecond;
        return Gcra.TryTake(ref _theoreticalArrival, now.UtcTicks, cost, Math.Max(0, TimeSpan.TicksPerSecond - cost));
    }
}
