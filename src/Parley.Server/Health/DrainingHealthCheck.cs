using Microsoft.Extensions.Diagnostics.HealthChecks;
using Parley.Signaling;

namespace Parley.Server.Health;

/// <summary>Not ready once the node drains for shutdown, so a load balancer stops sending it new clients.</summary>
internal sealed class DrainingHealthCheck(SignalingDrain drain, ConnectionRegistry connections) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(drain.IsDraining
            ? HealthCheckResult.Unhealthy("draining for shutdown: joins are refused")
            : HealthCheckResult.Healthy($"taking joins; {connections.Count} connections"));
}
