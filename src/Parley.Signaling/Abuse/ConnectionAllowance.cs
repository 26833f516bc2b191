namespace Parley.Signaling.Abuse;

/// <summary>One connection's rate limits, checked together with its address's.</summary>
internal sealed class ConnectionAllowance(ClientAddressTracker.AddressState address, AbuseOptions options, TimeProvider time)
{
    private readonly TokenBucket _joins = new(options.JoinsPerConnection, time);
    private readonly TokenBucket _data = new(options.DataPerConnection, time);
    private int _consecutiveRefusals;

    public ClientAddressTracker.AddressState Address => address;

    // The connection's own bucket first: a flooding connection must not drain its neighbours' shared allowance.
    public bool TryJoin() => _joins.TryTake() && address.Joins.TryTake();

    public bool TryData() => _data.TryTake() && address.Data.TryTake();

    /// <summary>Records a refusal; returns how many came in a row.</summary>
    public int Refused() => Interlocked.Increment(ref _consecutiveRefusals);

    public void Admitted() => Volatile.Write(ref _consecutiveRefusals, 0);
}
