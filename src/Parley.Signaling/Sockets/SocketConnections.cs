using System.Collections.Concurrent;

namespace Parley.Signaling.Sockets;

/// <summary>The sockets this node holds, by connection id.</summary>
public sealed class SocketConnections(ThisNode node)
{
    private readonly ConcurrentDictionary<string, SignalingSocket> _sockets = new(StringComparer.Ordinal);
    private long _lastNumber;

    public int Count => _sockets.Count;

    public bool IsThisNode(ReadOnlySpan<char> socketNode) => socketNode.SequenceEqual(node.Id);

    /// <summary>Hands a relayed event to the socket it is for; false when the socket is gone.</summary>
    public async Task<bool> DeliverAsync(string connectionId, ReadOnlyMemory<byte> message)
    {
        if (!_sockets.TryGetValue(connectionId, out var socket))
        {
            return false;
        }

        await socket.SendAsync(message).ConfigureAwait(false);
        return true;
    }

    internal string NewConnectionId() => SocketConnectionId.Create(node.Id, Interlocked.Increment(ref _lastNumber));

    internal SignalingSocket? Find(string connectionId) => _sockets.GetValueOrDefault(connectionId);

    internal void Add(SignalingSocket socket) => _sockets[socket.ConnectionId] = socket;

    internal void Remove(SignalingSocket socket) => _sockets.TryRemove(new KeyValuePair<string, SignalingSocket>(socket.ConnectionId, socket));
}
