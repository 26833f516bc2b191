using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Signaling.Abuse;

namespace Parley.Signaling.Sockets;

/// <summary>
/// The signaling socket: the protocol's calls, answers and events as plain JSON text messages on a WebSocket (see
/// docs/signaling.md), for the web app and for .NET clients (Parley.Client).
/// </summary>
public static class SocketEndpoint
{
    public const string Path = "/ws/signaling";

    // Browsers answer pings by themselves; a client that stops answering is closed after the timeout.
    internal static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);
    internal static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(15);

    public static IEndpointConventionBuilder MapSignalingSocket(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Resolved once here, not from each request's services: a request scope would live as long as its socket.
        var services = endpoints.ServiceProvider;
        var connections = services.GetRequiredService<ConnectionRegistry>();
        var protocol = services.GetRequiredService<SignalingProtocol>();
        var limits = services.GetRequiredService<CallLimits>();
        var logger = services.GetRequiredService<ILogger<SignalingSocket>>();
        var pipeline = endpoints.CreateApplicationBuilder();
        pipeline.UseWebSockets(new WebSocketOptions { KeepAliveInterval = KeepAliveInterval, KeepAliveTimeout = KeepAliveTimeout });
        pipeline.Run(context => context.WebSockets.IsWebSocketRequest
            ? SignalingSocket.ServeAsync(context, connections, protocol, limits, logger)
            : RefuseAsync(context));
        return endpoints.Map(Path, pipeline.Build()).RequireSignalingAdmission();
    }

    private static Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return context.Response.WriteAsync($"{Path} takes WebSocket connections only.\n");
    }
}
