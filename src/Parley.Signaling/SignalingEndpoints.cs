using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Parley.Signaling.Contracts;
using Parley.Signaling.IceServers;
using Parley.Signaling.Sockets;

namespace Parley.Signaling;

public static class SignalingEndpoints
{
    public const string IceServersPath = "/api/ice-servers";

    /// <summary>
    /// Maps the signaling socket and the ICE configuration endpoint. The endpoint answers anyone, so it lists the STUN
    /// servers only: TURN credentials belong to seats, and come with <c>Join</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapParleySignaling(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSignalingSocket();
        endpoints.MapGet(IceServersPath, (IIceServerProvider provider, IOptions<IceOptions> options, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new IceServersResponse(
                StunOnly(provider.GetIceServers(string.Empty, context.Request.Host.Host)), options.Value.TransportPolicy));
        });
        return endpoints;
    }

    /// <summary>The STUN URLs of <paramref name="servers"/>, without any credential.</summary>
    public static IReadOnlyList<IceServer> StunOnly(IReadOnlyList<IceServer> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var stun = new List<IceServer>(servers.Count);
        foreach (var server in servers)
        {
            // RFC 7064 §3.1: stun: and stuns: name a STUN server; anything else here is a TURN URL.
            var urls = server.Urls.Where(static url => url.StartsWith("stun:", StringComparison.OrdinalIgnoreCase)
                || url.StartsWith("stuns:", StringComparison.OrdinalIgnoreCase)).ToList();
            if (urls.Count > 0)
            {
                stun.Add(new IceServer(urls));
            }
        }

        return stun;
    }
}
