namespace Parley.Client;

/// <summary>
/// When a dropped <see cref="ParleyClient"/> tries again: at once, then after 1, 2 and 3 seconds, then every 3
/// seconds, until it has tried for <see cref="GiveUpAfter"/>. The same schedule as Parley's web app, so a server's
/// reconnect grace period (20 s by default) fits either.
/// </summary>
public static class ReconnectSchedule
{
    /// <summary>How long a client keeps trying before it gives up.</summary>
    public static TimeSpan GiveUpAfter { get; } = TimeSpan.FromSeconds(120);

    /// <summary>The wait before the next attempt.</summary>
    /// <param name="previousAttempts">How many attempts this reconnect has made so far.</param>
    /// <param name="elapsed">How long ago the connection was lost.</param>
    /// <returns>The delay, or null to give up.</returns>
    public static TimeSpan? NextDelay(int previousAttempts, TimeSpan elapsed) =>
        elapsed >= GiveUpAfter ? null : TimeSpan.FromSeconds(Math.Clamp(previousAttempts, 0, 3));
}
