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
    /// A place under the connection caps for a client at <paramref name="remoteAddress"/> (a trusted proxy's forwarded
    /// one), to take before the upgrade is answered; null when it is over its cap or the node is full.
    /// </summary>
    public ConnectionSlot? TryReserve(IPAddress? remoteAddress) => _limits.TryConnect(remoteAddress, _connections.NewConnectionId());

    /// <summary>
    /// Serves <paramref name="socket"/> in <paramref name="slot"/> until it closes, then releases the slot.
    /// <paramref name="requestHost"/> is the host the client asked for.
    /// </summary>
    public Task ServeAsync(WebSocket socket, ConnectionSlot slot, string? requestHost) =>
        SignalingSocket.ServeAsync(socket, slot, requestHost, _protocol, _limits, _logger);
}
