namespace Parley.Signaling.Abuse;

/// <summary>
/// A connection's place under the caps, taken before its upgrade is answered: a client over its cap gets the 429
/// however fast it opens sockets, never a 101 and then a close. The socket that is served gives it back when it ends,
/// or the host does if the upgrade is not answered after all.
/// </summary>
public sealed class ConnectionSlot
{
    private readonly CallLimits _limits;
    private int _released;

    internal ConnectionSlot(CallLimits limits, ConnectionAllowance allowance, string connectionId)
    {
        _limits = limits;
        Allowance = allowance;
        ConnectionId = connectionId;
    }

    internal ConnectionAllowance Allowance { get; }

    internal string ConnectionId { get; }

    /// <summary>Gives the place back; only the first call counts.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _limits.Disconnect(Allowance);
        }
    }
}
