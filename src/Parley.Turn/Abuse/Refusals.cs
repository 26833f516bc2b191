using Microsoft.Extensions.Logging;
using Parley.Turn.Allocations;
using Parley.Turn.Grants;
using Parley.Turn.Stun;

namespace Parley.Turn.Abuse;

/// <summary>Why the server refused a request to protect itself; the <c>reason</c> tag of <c>parley.turn.refusals</c>.</summary>
internal enum RefusalReason
{
    TotalQuota,
    GrantQuota,
    AddressQuota,
    GrantRevoked,
    StreamBudget,
}

/// <summary>
/// Counts every refusal in the meter and logs them without letting a client flood the log: per reason at most one
/// message every 10 s, saying how many went unlogged since the one before; a revoked grant's first refused request
/// is logged with the revocation's reason.
/// </summary>
internal sealed class Refusals(TurnMetrics metrics, ILogger logger, TimeProvider timeProvider)
{
    private static readonly long LogInterval = TimeSpan.FromSeconds(10).Ticks;

    private readonly long[] _nextLogAt = new long[Enum.GetValues<RefusalReason>().Length];
    private readonly long[] _unlogged = new long[Enum.GetValues<RefusalReason>().Length];

    public void Record(RefusalReason reason, StunMethod method, in FiveTuple fiveTuple, string grant)
    {
        metrics.Refused(reason);
        int index = (int)reason;
        long now = timeProvider.GetUtcNow().UtcTicks;
        long next = Volatile.Read(ref _nextLogAt[index]);
        if (now < next || Interlocked.CompareExchange(ref _nextLogAt[index], now + LogInterval, next) != next)
        {
            Interlocked.Increment(ref _unlogged[index]);
            return;
        }

        long unlogged = Interlocked.Exchange(ref _unlogged[index], 0);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.RequestRefused(method, fiveTuple, grant, Describe(reason), unlogged);
        }
    }

    public void RecordRevoked(StunMethod method, in FiveTuple fiveTuple, string grant, Revocation revocation)
    {
        metrics.Refused(RefusalReason.GrantRevoked);
        if (revocation.TakeFirstRefusal())
        {
            logger.RevokedGrantRefused(method, fiveTuple, grant, revocation.Reason);
        }
    }

    private static string Describe(RefusalReason reason) => reason switch
    {
        RefusalReason.TotalQuota => "the server holds MaxAllocations allocations",
        RefusalReason.GrantQuota => "the grant holds its most allocations",
        RefusalReason.AddressQuota => "the client address holds MaxAllocationsPerClientAddress allocations",
        RefusalReason.StreamBudget => "the connection asked for more unauthenticated answers than its budget, and was closed",
        _ => reason.ToString(),
    };
}
