namespace Parley.Signaling.Sockets;

/// <summary>
/// The events of a socket that has closed: they go nowhere. Its seat, if it still has one, is held or freed by its
/// own disconnect.
/// </summary>
internal sealed class GoneConnection : SocketEventWriter
{
    public static GoneConnection Instance { get; } = new();

    public override Task SendAsync(ReadOnlyMemory<byte> message) => Task.CompletedTask;
}
