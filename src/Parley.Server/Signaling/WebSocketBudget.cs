using Parley.Server.Connections;

namespace Parley.Server.Signaling;

/// <summary>
/// Kestrel's <c>MaxConcurrentUpgradedConnections</c> for the WebSockets Parley accepts below HTTP, which Kestrel's own
/// count does not see; the HTTP path's upgrades (HTTP/2 extended CONNECT) stay under Kestrel's count of the same limit.
/// </summary>
internal sealed class WebSocketBudget
{
    private long _open;

    public WebSocketBudget(ConnectionMetrics metrics) => metrics.ObserveWebSockets(() => Open);

    /// <summary>The most open at once; null for no limit.</summary>
    public long? Limit { get; set; }

    public long Open => Volatile.Read(ref _open);

    public bool TryTake()
    {
        if (Interlocked.Increment(ref _open) <= (Limit ?? long.MaxValue))
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Return() => Interlocked.Decrement(ref _open);
}
