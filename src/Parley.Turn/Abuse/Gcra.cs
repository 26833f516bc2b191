namespace Parley.Turn.Abuse;

/// <summary>
/// The generic cell rate algorithm: a token bucket kept as one number, the "theoretical arrival time" of the
/// next unit of work, so a bucket is a single <see langword="long"/> updated with compare-and-swap (no lock, no
/// allocation, safe from any thread).
/// </summary>
internal static class Gcra
{
    /// <summary>
    /// Takes <paramref name="cost"/> ticks of budget from the cell at <paramref name="now"/> (ticks); allowed while
    /// the cell runs at most <paramref name="tolerance"/> ticks ahead of now, that is, while a burst lasts.
    /// </summary>
    public static bool TryTake(ref long theoreticalArrival, long now, long cost, long tolerance)
    {
        while (true)
        {
            long seen = Volatile.Read(ref theoreticalArrival);
            long start = Math.Max(seen, now);
            if (start - now > tolerance)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref theoreticalArrival, start + cost, seen) == seen)
            {
                return true;
            }
        }
    }
}
