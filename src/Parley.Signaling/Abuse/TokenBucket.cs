namespace Parley.Signaling.Abuse;

/// <summary>
/// A classic token bucket: <see cref="RateLimit.Burst"/> calls at once, then <see cref="RateLimit.PerSecond"/>
/// on average. Thread-safe; time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class TokenBucket
{
    private readonly RateLimit _limit;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _refilledAt;

    public TokenBucket(RateLimit limit, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(time);
        _limit = limit;
        _time = time;
        _tokens = limit.Burst;
        _refilledAt = time.GetTimestamp();
    }

    public bool TryTake()
    {
        lock (_gate)
        {
            Refill();
            if (_tokens < 1)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }

    /// <summary>Gives back a token taken for something that turned out not to count.</summary>
    public void Return()
    {
        lock (_gate)
        {
            Refill();
            _tokens = Math.Min(_limit.Burst, _tokens + 1);
        }
    }

    /// <summary>Whether the bucket has refilled completely, so forgetting it loses nothing.</summary>
    public bool IsFull
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _tokens >= _limit.Burst;
            }
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_refilledAt, now).TotalSeconds;
        _tokens = Math.Min(_limit.Burst, _tokens + (elapsed * _limit.PerSecond));
        _refilledAt = now;
    }
}
