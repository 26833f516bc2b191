using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Parley.Signaling.Abuse;
using Parley.Signaling.Contracts;
using Parley.Signaling.IceServers;
using Parley.Signaling.Sockets;

namespace Parley.Signaling;

public static class SignalingEndpoints
{
    public const string HubPath = "/hubs/signaling";
    public const string IceServersPath = "/api/ice-servers";

    /// <summary>Maps the signaling hub, the signaling socket and the ICE configuration endpoint.</summary>
    public static IEndpointRouteBuilder MapParleySignaling(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<SignalingHub>(HubPath).RequireSignalingAdmission();
        endpoints.MapSignalingSocket();

        // SignalR closes every connection in its own ApplicationStopping callback, registered when the hub was
        // mapped just above. Callbacks run last-registered first, so this drain runs before that, while the
        // connections can still hear Reconnect. The host's shutdown timeout covers the wait.
        var drain = endpoints.ServiceProvider.GetRequiredService<SignalingDrain>();
        endpoints.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping
            .Register(() => drain.DrainAsync().GetAwaiter().GetResult());
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
