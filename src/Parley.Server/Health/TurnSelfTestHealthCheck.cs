using Microsoft.Extensions.Diagnostics.HealthChecks;
using Parley.Server.Turn;
using Parley.Turn;

namespace Parley.Server.Health;

/// <summary>
/// Ready when a packet goes through the embedded TURN relay and back. A pass is kept for <see cref="CacheFor"/>, a
/// failure for <see cref="RetryFailureAfter"/>, and concurrent probes share one run, so however often <c>/readyz</c>
/// is asked, the server allocates at most once per interval.
/// </summary>
internal sealed class TurnSelfTestHealthCheck(EmbeddedTurn turn, TimeProvider time) : IHealthCheck, IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A failure is tested again sooner: a first round trip slowed past <see cref="Timeout"/> by a busy start kept a
    /// node that relays fine unready for 5 s more (bench/startup), while a relay that stays broken still fails every
    /// probe and allocates at most once a second.
    /// </summary>
    public static readonly TimeSpan RetryFailureAfter = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private TurnSelfTestResult? _last;
    private DateTimeOffset _lastAt;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is null || time.GetUtcNow() - _lastAt >= (_last.Succeeded ? CacheFor : RetryFailureAfter))
            {
                _last = await turn.SelfTestAsync(Timeout, cancellationToken);
                _lastAt = time.GetUtcNow();
            }

            return _last.Succeeded ? HealthCheckResult.Healthy(_last.Description) : HealthCheckResult.Unhealthy(_last.Description);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
