using System.Buffers.Text;
using System.Security.Cryptography;
using Parley.Turn.Grants;

namespace Parley.Server.Turn;

/// <summary>
/// The TURN credentials of the diagnostics page's relay test: minted for that test alone, to anyone (rate-limited per
/// address), so the relays they allow are few, short-lived and slow. The TURN server applies these limits by grant.
/// </summary>
public sealed class DiagnosticProbe(long bandwidth) : ITurnGrantPolicy
{
    /// <summary>Sets probe grants apart from seats' and any other.</summary>
    public const string Prefix = "probe.";

    /// <summary>Relays one probe credential may hold at once: the two ends of the relay test.</summary>
    public const int MaxAllocations = 2;

    /// <summary>How long a probe credential is valid, and the longest its relays may live, however refreshed.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    /// <summary>A grant for one relay test, unguessable, so that no one can use up another's.</summary>
    public static string NewGrant()
    {
        Span<byte> random = stackalloc byte[12];
        RandomNumberGenerator.Fill(random);
        return Prefix + Base64Url.EncodeToString(random);
    }

    public static bool IsProbe(string grant) => grant.StartsWith(Prefix, StringComparison.Ordinal);

    public TurnGrantLimits GetLimits(string grant, TurnGrantLimits defaults)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (!IsProbe(grant))
        {
            return defaults;
        }

        var cap = defaults.MaxAllocationBandwidth == 0 ? bandwidth : Math.Min(bandwidth, defaults.MaxAllocationBandwidth);
        return new TurnGrantLimits(Math.Min(MaxAllocations, defaults.MaxAllocations), cap, Lifetime);
    }
}
