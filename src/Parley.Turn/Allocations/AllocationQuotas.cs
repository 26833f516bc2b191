using Parley.Turn.Abuse;

namespace Parley.Turn.Allocations;

/// <summary>
/// Counts allocations (and reservations on their way to becoming one) in all, per grant and per client address,
/// against their quotas. RFC 8656 §21.3.1 asks for per-user limits; a grant, not a whole user name, is the user
/// here, since a fresh credential of the same grant differs only in its expiry. Not thread-safe: the
/// <see cref="AllocationTable"/> uses it under its lock.
/// </summary>
internal sealed class AllocationQuotas(int maxTotal, int maxPerClientAddress)
{
    private readonly Dictionary<string, int> _perGrant = new(StringComparer.Ordinal);
    private readonly Dictionary<ClientAddressKey, int> _perAddress = [];
    private int _total;

    /// <summary>Takes one unit of every quota, or none and says which one is full (486, Allocation Quota Reached).</summary>
    public RefusalReason? TryTake(string grant, ClientAddressKey address, int maxForGrant)
    {
        int grantCount = _perGrant.GetValueOrDefault(grant);
        int addressCount = _perAddress.GetValueOrDefault(address);
        RefusalReason? refusal = _total >= maxTotal ? RefusalReason.TotalQuota
            : grantCount >= maxForGrant ? RefusalReason.GrantQuota
            : addressCount >= maxPerClientAddress ? RefusalReason.AddressQuota
            : null;
        if (refusal is null)
        {
            _total++;
            _perGrant[grant] = grantCount + 1;
            _perAddress[address] = addressCount + 1;
        }

        return refusal;
    }

    public void Release(string grant, ClientAddressKey address)
    {
        _total--;
        Decrement(_perGrant, grant);
        Decrement(_perAddress, address);
    }

    private static void Decrement<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        if (--counts[key] == 0)
        {
            counts.Remove(key);
        }
    }
}
