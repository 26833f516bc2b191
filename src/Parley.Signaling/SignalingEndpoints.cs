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

    /// <summary>Maps the signaling socket and the ICE configuration endpoint.</summary>
    public static IEndpointRouteBuilder MapParleySignaling(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSignalingSocket();
        endpoints.MapGet(IceServersPath, (IIceServerProvider provider, IOptions<IceOptions> options, HttpContext context) =>
        {
            // The list may hold short-lived credentials: never cache it.
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new IceServersResponse(
                provider.GetIceServers("anonymous", context.Request.Host.Host), options.Value.TransportPolicy));
        });
        return endpoints;
    }
}
