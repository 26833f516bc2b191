using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Handlers;

/// <summary>
/// The "desired lifetime" rule shared by Allocate and Refresh: the requested LIFETIME capped at the maximum,
/// but never below the default; a requested 0 stays 0 (Refresh deletes). RFC 8656 §7.2 step 7, §8.2.
/// </summary>
internal static class LifetimePolicy
{
    public static TimeSpan GetDesiredLifetime(in StunMessageReader request, TimeSpan defaultLifetime, TimeSpan maxLifetime)
    {
        if (!request.TryGet(out LifetimeAttribute lifetime))
        {
            return defaultLifetime;
        }

        if (lifetime.Seconds == 0)
        {
            return TimeSpan.Zero;
        }

        TimeSpan requested = TimeSpan.FromSeconds(lifetime.Seconds);
        TimeSpan capped = requested < maxLifetime ? requested : maxLifetime;
        return capped > defaultLifetime ? capped : defaultLifetime;
    }
}
