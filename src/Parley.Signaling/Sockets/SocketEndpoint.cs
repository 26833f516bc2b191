using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Signaling.Abuse;

namespace Parley.Signaling.Sockets;

/// <summary>
/// The lean signaling socket: the hub's protocol as plain JSON text messages on a WebSocket, without SignalR's
/// per-connection layers (see docs/signaling.md). The web app uses it; the hub stays for SignalR clients.
/// </summary>
public static class SocketEndpoint
{
    public const string Path = "/ws/signaling";

    // Browsers answer pings by themselves; a client that stops answering is closed after the timeout.
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(15);

    public static IEndpointConventionBuilder MapSignalingSocket(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var pipeline = endpoints.CreateApplicationBuilder();
        pipeline.UseWebSockets(new WebSocketOptions { KeepAliveInterval = KeepAliveInterval, KeepAliveTimeout = KeepAliveTimeout });
        pipeline.Run(ServeAsync);
        return endpoints.Map(Path, pipeline.Build()).RequireSignalingAdmission();
    }

    private static async Task ServeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"{Path} takes WebSocket connections only.\n").ConfigureAwait(false);
            return;
        }

        var services = context.RequestServices;
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        await SignalingSocket.ServeAsync(
            socket,
            context.Connection.RemoteIpAddress,
            context.Request.Host.Host,
            services.GetRequiredService<SocketConnections>(),
            services.GetRequiredService<SignalingProtocol>(),
            services.GetRequiredService<CallLimits>(),
            services.GetRequiredService<ILogger<SignalingSocket>>()).ConfigureAwait(false);
    }
}
