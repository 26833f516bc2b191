using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Parley.Turn.Stun;

namespace Parley.Turn.Allocations;

/// <summary>
/// All allocations by 5-tuple, with the total and per-user quotas (486, RFC 8656 §21.3.1). Lookups are
/// lock-free; adds, removes and quota counts share one lock. A timer on the injected <see cref="TimeProvider"/>
/// deletes expired allocations and prunes permissions and channels.
/// </summary>
internal sealed class AllocationTable : IDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<FiveTuple, Allocation> _allocations = new();
    private readonly Dictionary<string, int> _perUser = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly int _maxTotal;
    private readonly int _maxPerUser;
    private readonly ITimer _sweepTimer;
    private int _reserved;

    public AllocationTable(TimeProvider timeProvider, ILogger logger, int maxTotal, int maxPerUser)
    {
        _timeProvider = timeProvider;
        _logger = logger;
        _maxTotal = maxTotal;
        _maxPerUser = maxPerUser;
        _sweepTimer = timeProvider.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    public int Count => _allocations.Count;

    /// <summary>The live allocation on <paramref name="fiveTuple"/>; expired ones count as absent.</summary>
    public bool TryGet(in FiveTuple fiveTuple, out Allocation allocation)
    {
        if (_allocations.TryGetValue(fiveTuple, out allocation!) && !allocation.IsExpired(_timeProvider.GetUtcNow()))
        {
            return true;
        }

        allocation = null!;
        return false;
    }

    /// <summary>Takes one unit of the total and per-user quotas, or returns 486.</summary>
    public StunErrorCode TryReserve(string username)
    {
        lock (_gate)
        {
            int userCount = _perUser.GetValueOrDefault(username);
            if (_reserved >= _maxTotal || userCount >= _maxPerUser)
            {
                return StunErrorCode.AllocationQuotaReached;
            }

            _reserved++;
            _perUser[username] = userCount + 1;
            return StunErrorCode.None;
        }
    }

    /// <summary>Gives back a reservation that did not become an allocation.</summary>
    public void Unreserve(string username)
    {
        lock (_gate)
        {
            _reserved--;
            if (--_perUser[username] == 0)
            {
                _perUser.Remove(username);
            }
        }
    }

    /// <summary>Adds a reserved allocation. An expired allocation still on the 5-tuple is replaced.</summary>
    public void Add(Allocation allocation)
    {
        Remove(allocation.FiveTuple, "replaced by a new allocation");
        _allocations[allocation.FiveTuple] = allocation;
    }

    public bool Remove(in FiveTuple fiveTuple, string reason)
    {
        if (!_allocations.TryRemove(fiveTuple, out Allocation? allocation))
        {
            return false;
        }

        Unreserve(allocation.Username);
        allocation.Dispose();
        _logger.AllocationDeleted(allocation.Username, allocation.FiveTuple, reason);
        return true;
    }

    public void Dispose()
    {
        _sweepTimer.Dispose();
        foreach (FiveTuple fiveTuple in _allocations.Keys)
        {
            Remove(fiveTuple, "server stopping");
        }
    }

    private void Sweep()
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        foreach (KeyValuePair<FiveTuple, Allocation> entry in _allocations)
        {
            if (entry.Value.IsExpired(now))
            {
                // RFC 8656 §7: an allocation that is not refreshed is deleted when its lifetime runs out.
                Remove(entry.Key, "lifetime expired");
            }
            else
            {
                entry.Value.RemoveExpired(now);
            }
        }
    }
}
