using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Parley.Signaling.Abuse;

/// <summary>
/// Configuration section <c>Signaling:Abuse</c>: rate limits and connection caps. The defaults leave room for a
/// browser's bursts of ICE candidates and for an office of people behind one NAT address.
/// </summary>
public sealed class AbuseOptions
{
    public const string SectionName = "Signaling:Abuse";

    [Range(1, 1_000_000)]
    public int MaxConnections { get; set; } = 20_000;

    [Range(1, 1_000_000)]
    public int MaxConnectionsPerAddress { get; set; } = 50;

    [ValidateObjectMembers]
    public RateLimit JoinsPerConnection { get; set; } = new() { Burst = 5, PerSecond = 0.5 };

    [ValidateObjectMembers]
    public RateLimit JoinsPerAddress { get; set; } = new() { Burst = 30, PerSecond = 2 };

    [ValidateObjectMembers]
    public RateLimit DataPerConnection { get; set; } = new() { Burst = 200, PerSecond = 50 };

    [ValidateObjectMembers]
    public RateLimit DataPerAddress { get; set; } = new() { Burst = 2_000, PerSecond = 500 };

    /// <summary>
    /// Passcode joins per room name, across every address, that may look failed (open an empty room, as a wrong
    /// passcode does): 10 at once, then 3 a minute. Beyond, every passcode join of that name is refused
    /// <c>rate-limited</c> until the budget refills, right passcode or not.
    /// </summary>
    [ValidateObjectMembers]
    public RateLimit PasscodeFailuresPerRoom { get; set; } = new() { Burst = 10, PerSecond = 0.05 };

    /// <summary>Passcode hashes (PBKDF2, some milliseconds of CPU each) computed at once; up to 32 times as many wait, more are refused.</summary>
    [Range(1, 1024)]
    public int MaxConcurrentPasscodeHashes { get; set; } = 2;

    /// <summary>A connection refused this many times in a row is a flood, not a burst: it is closed.</summary>
    [Range(1, 1_000_000)]
    public int CloseAfterConsecutiveRefusals { get; set; } = 100;

    /// <summary>
    /// Origins (scheme://host[:port]) allowed to open the signaling socket besides the page's own origin.
    /// Browsers send Origin on every WebSocket; CORS does not guard WebSockets, so this check does.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];
}
