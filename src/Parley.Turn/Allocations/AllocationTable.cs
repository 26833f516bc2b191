using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Parley.Turn.Abuse;
using Parley.Turn.Grants;
using Parley.Turn.Stun;

namespace Parley.Turn.Allocations;

/// <summary>
/// All allocations by 5-tuple and by grant, with their quotas (<see cref="AllocationQuotas"/>). Lookups are
/// lock-free; adds, removes and quota counts share one lock. A timer on the injected <see cref="TimeProvider"/>
/// deletes expired allocations and those whose credential has expired while their grant is unconfirmed, prunes
/// permissions and channels, and lets the grant states forget what has run out.
/// </summary>
internal sealed class AllocationTable : IDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<FiveTuple, Allocation> _allocations = new();
    private readonly Dictionary<string, List<Allocation>> _byGrant = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly AllocationQuotas _quotas;
    private readonly GrantStates _grants;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ITimer _sweepTimer;

    public AllocationTable(TimeProvider timeProvider, ILogger logger, AllocationQuotas quotas, GrantStates grants)
    {
        _timeProvider = timeProvider;
        _logger = logger;
        _quotas = quotas;
        _grants = grants;
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

    /// <summary>Takes one unit of the total, per-grant and per-client-address quotas, or says which is full.</summary>
    public RefusalReason? TryReserve(string grant, in TransportAddress client, int maxForGrant)
    {
        lock (_gate)
        {
            return _quotas.TryTake(grant, ClientAddressKey.Of(client), maxForGrant);
        }
    }

    /// <summary>Gives back a reservation that did not become an allocation.</summary>
    public void Unreserve(string grant, in TransportAddress client)
    {
        lock (_gate)
        {
            _quotas.Release(grant, ClientAddressKey.Of(client));
        }
    }

    /// <summary>
    /// Adds a reserved allocation (an expired one still on the 5-tuple is replaced), unless its grant was revoked
    /// after the request was authenticated: checked under the lock <see cref="RemoveGrant"/> takes, so an allocation
    /// is either refused here or deleted there.
    /// </summary>
    public bool TryAdd(Allocation allocation)
    {
        Remove(allocation.FiveTuple, "replaced by a new allocation");
        lock (_gate)
        {
            if (_grants.IsRevoked(allocation.Grant, out _))
            {
                return false;
            }

            _allocations[allocation.FiveTuple] = allocation;
            if (!_byGrant.TryGetValue(allocation.Grant, out List<Allocation>? ofGrant))
            {
                _byGrant[allocation.Grant] = ofGrant = [];
            }

            ofGrant.Add(allocation);
            return true;
        }
    }

    public bool Remove(in FiveTuple fiveTuple, string reason) =>
        _allocations.TryGetValue(fiveTuple, out Allocation? allocation) && Remove(allocation, reason);

    /// <summary>Deletes every allocation of <paramref name="grant"/>; returns how many there were.</summary>
    public int RemoveGrant(string grant, string reason)
    {
        Allocation[] ofGrant;
        lock (_gate)
        {
            ofGrant = _byGrant.TryGetValue(grant, out List<Allocation>? list) ? [.. list] : [];
        }

        int removed = 0;
        foreach (Allocation allocation in ofGrant)
        {
            removed += Remove(allocation, reason) ? 1 : 0;
        }

        return removed;
    }

    /// <summary>The grants holding allocations now.</summary>
    public List<string> GetGrants()
    {
        lock (_gate)
        {
            return [.. _byGrant.Keys];
        }
    }

    /// <summary>Whether <paramref name="grant"/> holds an allocation now.</summary>
    public bool Holds(string grant)
    {
        lock (_gate)
        {
            return _byGrant.ContainsKey(grant);
        }
    }

    /// <summary>The latest credential expiry among <paramref name="grant"/>'s allocations; null when none has one.</summary>
    public DateTimeOffset? LatestCredentialExpiry(string grant)
    {
        lock (_gate)
        {
            return _byGrant.TryGetValue(grant, out List<Allocation>? list) ? list.Max(a => a.CredentialExpiresAt) : null;
        }
    }

    public void Dispose()
    {
        _sweepTimer.Dispose();
        foreach (FiveTuple fiveTuple in _allocations.Keys)
        {
            Remove(fiveTuple, "server stopping");
        }
    }

    private bool Remove(Allocation allocation, string reason)
    {
        // Only this allocation: the 5-tuple may already carry a newer one.
        if (!_allocations.TryRemove(new KeyValuePair<FiveTuple, Allocation>(allocation.FiveTuple, allocation)))
        {
            return false;
        }

        lock (_gate)
        {
            _quotas.Release(allocation.Grant, ClientAddressKey.Of(allocation.FiveTuple.Client));
            List<Allocation> ofGrant = _byGrant[allocation.Grant];
            ofGrant.Remove(allocation);
            if (ofGrant.Count == 0)
            {
                _byGrant.Remove(allocation.Grant);
                _grants.StopAwaitingVerification(allocation.Grant);
            }
        }

        allocation.Dispose();
        _logger.AllocationDeleted(allocation.Username, allocation.FiveTuple, reason);
        return true;
    }

    private void Sweep()
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        foreach (KeyValuePair<FiveTuple, Allocation> entry in _allocations)
        {
            Allocation allocation = entry.Value;
            if (allocation.IsExpired(now))
            {
                // RFC 8656 §7: an allocation that is not refreshed is deleted when its lifetime runs out.
                Remove(allocation, "lifetime expired");
            }
            else if (allocation.CredentialExpiresAt <= now && !_grants.IsConfirmed(allocation.Grant, now))
            {
                // No allocation outlives its credential unless the host vouches for the grant (TurnGrants.Confirm).
                Remove(allocation, "its credential expired and its grant is not confirmed");
            }
            else
            {
                allocation.RemoveExpired(now);
            }
        }

        _grants.Prune(now);
    }
}
