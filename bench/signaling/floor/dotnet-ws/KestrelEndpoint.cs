using Microsoft.AspNetCore.Http.Features;

namespace Parley.Bench.FloorWs;

/// <summary>GET /ws with a WebSocket upgrade, answered by hand (no WebSockets middleware): the upgraded stream is the relay's.</summary>
internal static class KestrelEndpoint
{
    public static async Task HandleAsync(HttpContext context, Rooms rooms, FloorOptions options)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        if (context.Request.Path != "/ws" || upgrade is null || !upgrade.IsUpgradableRequest || key.Length == 0
            || !string.Equals(context.Request.Headers.Upgrade, "websocket", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("expected a WebSocket upgrade of GET /ws\n").ConfigureAwait(false);
            return;
        }

        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.SecWebSocketAccept = Handshake.Accept(key);
        var connection = await upgrade.UpgradeAsync().ConfigureAwait(false);
        await RelayPeer.ServeAsync(connection, rooms, options, context.RequestAborted).ConfigureAwait(false);
    }
}
