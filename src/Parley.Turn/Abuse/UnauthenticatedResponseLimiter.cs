using System.Security.Cryptography;
using Parley.Turn.Stun;

namespace Parley.Turn.Abuse;

/// <summary>
/// Caps the answers to unauthenticated UDP requests (Binding, 401, 400, 438) per source address, without keeping
/// anything per source: a fixed table of GCRA cells indexed by a keyed hash of the address. Memory stays the same
/// whatever addresses an attacker spoofs; the cost is that addresses sharing a cell share its budget. The hash
/// key is random per server, so an attacker cannot pick addresses that land in a victim's cell.
/// Over the limit a request is dropped without an answer: a spoofed source is the victim of a reflection attack,
/// and an error response would itself be the reflected traffic. Real clients retransmit (RFC 8489 §6.2.1).
/// </summary>
internal sealed class UnauthenticatedResponseLimiter
{
    /// <summary>Cells in the table: 32 KB, enough that unrelated clients rarely share one.</summary>
    public const int Cells = 4096;

    // An IPv6 host usually owns a whole /64, so a victim is its /64 prefix, not one address.
    private const int IPv6PrefixBytes = 8;

    private readonly long[] _cells;
    private readonly TimeProvider _timeProvider;
    private readonly long _interval;
    private readonly long _tolerance;
    private readonly long _hashKey = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));

    /// <param name="timeProvider">The clock the budget refills by.</param>
    /// <param name="perSecond">Sustained answers per second per source; 0 turns the limiter off.</param>
    /// <param name="burst">Answers a quiet source may get at once.</param>
    public UnauthenticatedResponseLimiter(TimeProvider timeProvider, int perSecond, int burst)
    {
        _timeProvider = timeProvider;
        _cells = perSecond > 0 ? new long[Cells] : [];
        _interval = perSecond > 0 ? TimeSpan.TicksPerSecond / perSecond : 0;
        _tolerance = _interval * (Math.Max(burst, 1) - 1);
    }

    public bool IsEnabled => _cells.Length > 0;

    /// <summary>Whether <paramref name="source"/> may get one more answer now.</summary>
    public bool TryAcquire(TransportAddress source)
    {
        if (!IsEnabled)
        {
            return true;
        }

        return Gcra.TryTake(ref _cells[CellOf(source)], _timeProvider.GetUtcNow().UtcTicks, _interval, _tolerance);
    }

    private int CellOf(TransportAddress source)
    {
        Span<byte> address = stackalloc byte[TransportAddress.IPv6Length];
        source.WriteAddressBytes(address);
        int significant = source.IsIPv4 ? TransportAddress.IPv4Length : IPv6PrefixBytes;

        // HashCode is seeded randomly per process; the per-server key makes cells differ between servers too.
        var hash = new HashCode();
        hash.Add(_hashKey);
        hash.Add(significant);
        hash.AddBytes(address[..significant]);
        return (int)((uint)hash.ToHashCode() % Cells);
    }
}
