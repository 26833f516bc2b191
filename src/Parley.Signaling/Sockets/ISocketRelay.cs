namespace Parley.Signaling.Sockets;

/// <summary>
/// Carries a socket event to the node holding the socket, when nodes share rooms. That node hands it to
/// <see cref="ConnectionRegistry.DeliverAsync"/>.
/// </summary>
public interface ISocketRelay
{
    /// <param name="node">The node holding the socket.</param>
    /// <param name="connectionId">The socket's connection id.</param>
    /// <param name="message">The event, one UTF-8 JSON text message as the socket sends it.</param>
    Task SendAsync(string node, string connectionId, ReadOnlyMemory<byte> message);
}
