using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Parley.Server.Turn;

namespace Parley.Server.Health;

/// <summary>Ready when the embedded STUN/TURN server has bound its listeners.</summary>
internal sealed class TurnListeningHealthCheck(EmbeddedTurn turn) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (turn.Endpoints is not { } endpoints)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("not listening"));
        }

        var ports = string.Join(", ", new[] { ("UDP", endpoints.UdpPort), ("TCP", endpoints.TcpPort) }
            .Where(p => p.Item2 is not null)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Item1} {p.Item2}")));
        return Task.FromResult(HealthCheckResult.Healthy("listening on " + ports));
    }
}
