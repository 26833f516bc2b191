namespace Parley.Turn.Abuse;

/// <summary>
/// The unauthenticated answers (401 challenges, and 400 or 438 before authentication) one TCP or TLS connection may
/// get: a burst of <see cref="Burst"/>, then one every <see cref="Interval"/>. An honest client needs one 401 per
/// connection, and a 438 for each request in flight when its nonce goes stale (every 10 minutes by default); a
/// connection that keeps asking is closed. A stream's handshake proves its address, so unlike UDP's budget this is
/// not about reflection but about the work each challenge costs (a fresh nonce's HMAC).
/// </summary>
internal static class StreamAnswerBudget
{
    public const int Burst = 10;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(6);

    /// <summary>Takes one answer from a connection's GCRA cell at <paramref name="now"/> (ticks).</summary>
    public static bool TryTake(ref long cell, long now) => Gcra.TryTake(ref cell, now, Interval.Ticks, Interval.Ticks * (Burst - 1));
}
