namespace Parley.Signaling.Sockets;

/// <summary>The events of a socket held by another node: each goes there through the <see cref="ISocketRelay"/>.</summary>
internal sealed class RemoteSocket(ISocketRelay relay, string node, string connectionId) : SocketEventWriter
{
    public override Task SendAsync(ReadOnlyMemory<byte> message) => relay.SendAsync(node, connectionId, message);
}
