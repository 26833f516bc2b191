using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Parley.Signaling;
using Parley.Signaling.Abuse;
using Parley.Signaling.Contracts;
using Parley.Signaling.IceServers;

namespace Parley.Server.Turn;

/// <summary>
/// <c>GET /api/ice-servers/probe</c>: ICE servers for the diagnostics page's relay test, with a TURN credential of its
/// own (<see cref="DiagnosticProbe"/>): at most 2 relays, for at most 2 minutes, capped in bandwidth, and only
/// <see cref="EmbeddedTurnOptions.ProbeRequestsPerMinute"/> of them per client address (429 beyond). Without the
/// embedded TURN server it lists the STUN servers only: an external server's credentials could not be limited so.
/// </summary>
public static class TurnProbeEndpoints
{
    public const string Path = SignalingEndpoints.IceServersPath + "/probe";

    public static IEndpointRouteBuilder MapTurnProbe(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext context, EmbeddedTurnIceServerProvider provider, ProbeRateLimiter limiter, IOptions<IceOptions> ice) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            using var lease = limiter.Acquire(ClientAddress.From(context.Connection.RemoteIpAddress));
            if (!lease.IsAcquired)
            {
                context.Response.Headers.RetryAfter = "60";
                return Results.Problem(
                    "Too many relay-test credentials from this address; try again in a minute.", statusCode: StatusCodes.Status429TooManyRequests);
            }

            var host = context.Request.Host.Host;
            var probe = provider.GetProbeServers(host);
            var servers = probe.Count > 0 ? probe : SignalingEndpoints.StunOnly(provider.GetIceServers(string.Empty, host));
            return Results.Ok(new IceServersResponse(servers, ice.Value.TransportPolicy));
        });
        return endpoints;
    }
}

/// <summary>The per-address budget of <see cref="TurnProbeEndpoints"/>: a token bucket per client address, refilled each minute.</summary>
public sealed class ProbeRateLimiter(IOptions<EmbeddedTurnOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<ClientAddress> _limiter = PartitionedRateLimiter.Create<ClientAddress, ClientAddress>(
        address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.ProbeRequestsPerMinute,
            TokensPerPeriod = options.Value.ProbeRequestsPerMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public RateLimitLease Acquire(ClientAddress address) => _limiter.AttemptAcquire(address);

    public void Dispose() => _limiter.Dispose();
}
