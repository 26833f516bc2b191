using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Parley.Server.Health;

/// <summary>Ready when the shared Redis answers PING; the multiplexer reconnects by itself after an outage.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"PING answered in {latency.TotalMilliseconds:0.#} ms");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The exception's text names the Redis address; the public answer only says what kind of failure.
            return HealthCheckResult.Unhealthy($"unreachable ({e.GetType().Name})");
        }
    }
}
