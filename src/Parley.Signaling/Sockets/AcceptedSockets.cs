using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Parley.Signaling.Abuse;

namespace Parley.Signaling.Sockets;

/// <summary>
/// Serves signaling WebSockets that a host accepted itself, below ASP.NET Core's HTTP layer, exactly as
/// <see cref="SocketEndpoint"/> serves the ones it accepts: same protocol, limits and keep-alive.
/// </summary>
public sealed class AcceptedSockets
{
    private readonly ConnectionRegistry _connections;
    private readonly SignalingProtocol _protocol;
    private readonly CallLimits _limits;
    private readonly ILogger _logger;

    internal AcceptedSockets(ConnectionRegistry connections, SignalingProtocol protocol, CallLimits limits, ILogger<SignalingSocket> logger)
    {
        _connections = connections;
        _protocol = protocol;
        _limits = limits;
        _logger = logger;
    }

    /// <summary>The options a server-side socket over the upgraded connection's stream is created with.</summary>
    public static WebSocketCreationOptions CreationOptions => new()
    {
        IsServer = true,
        KeepAliveInterval = SocketEndpoint.KeepAliveInterval,
        KeepAliveTimeout = SocketEndpoint.KeepAliveTimeout,
    };

    /// <summary>
    /// Serves <paramref name="socket"/> until it closes. <paramref name="remoteAddress"/> is the client's address (a
    /// trusted proxy's forwarded one), <paramref name="requestHost"/> the host the client asked for.
    /// </summary>
    public Task ServeAsync(WebSocket socket, IPAddress? remoteAddress, string? requestHost) =>
        SignalingSocket.ServeAsync(socket, remoteAddress, requestHost, _connections, _protocol, _limits, _logger);
}
