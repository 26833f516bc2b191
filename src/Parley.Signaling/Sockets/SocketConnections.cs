namespace Parley.Signaling.Sockets;

/// <summary>
/// Finds this node's sockets by connection id. They are looked up among the connections the drain tracks (every
/// connection of this node, whichever transport), so a socket is registered once.
/// </summary>
public sealed class SocketConnections(ThisNode node, SignalingDrain drain)
{
    private long _lastNumber;

    public bool IsThisNode(ReadOnlySpan<char> socketNode) => socketNode.SequenceEqual(node.Id);

    /// <summary>Hands a relayed event to the socket it is for; false when the socket is gone.</summary>
    public async Task<bool> DeliverAsync(string connectionId, ReadOnlyMemory<byte> message)
    {
        if (Find(connectionId) is not { } socket)
        {
            return false;
        }

        await socket.SendAsync(message).ConfigureAwait(false);
        return true;
    }

    internal string NewConnectionId() => SocketConnectionId.Create(node.Id, Interlocked.Increment(ref _lastNumber));

    internal SignalingSocket? Find(string connectionId) => drain.Find(connectionId)?.Caller as SignalingSocket;
}
