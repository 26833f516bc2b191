using System.Collections.Concurrent;
using System.Globalization;

namespace Parley.Signaling;

/// <summary>
/// The signaling connections open on this node, by connection id: where an event for one of them is handed over,
/// whether it comes from this node or, through the <see cref="Sockets.ISocketRelay"/>, from another. The drain
/// reads it to tell every connection to move and to wait until they have gone.
/// </summary>
public sealed class ConnectionRegistry(ThisNode node)
{
    private readonly ConcurrentDictionary<string, SignalingConnection> _open = new(StringComparer.Ordinal);
    private TaskCompletionSource _emptied = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastNumber;

    /// <summary>Connections open on this node.</summary>
    public int Count => _open.Count;

    /// <summary>Hands an event relayed from another node to the connection it is for; false when it is gone.</summary>
    /// <param name="connectionId">The connection's id.</param>
    /// <param name="message">The event, one UTF-8 JSON text message as the socket sends it.</param>
    public async Task<bool> DeliverAsync(string connectionId, ReadOnlyMemory<byte> message)
    {
        if (Find(connectionId)?.Caller is not Sockets.SocketEventWriter socket)
        {
            return false;
        }

        await socket.SendAsync(message).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// A new connection id, unique among every node sharing rooms (seats in a shared registry are matched by it). It
    /// names this node for whoever reads logs; nothing parses it.
    /// </summary>
    internal string NewConnectionId() =>
        string.Create(CultureInfo.InvariantCulture, $"{node.Id}/{Interlocked.Increment(ref _lastNumber)}");

    internal SignalingConnection? Find(string connectionId) => _open.GetValueOrDefault(connectionId);

    internal void Add(SignalingConnection connection) => _open[connection.ConnectionId] = connection;

    internal void Remove(SignalingConnection connection)
    {
        _open.TryRemove(connection.ConnectionId, out _);
        if (_open.IsEmpty)
        {
            Interlocked.Exchange(ref _emptied, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    internal SignalingConnection[] Snapshot() => [.. _open.Values];

    /// <summary>Completes once no connection is open on this node.</summary>
    internal async Task WhenEmptyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // Taken before the check: a last connection removed in between completes this very task.
            var emptied = Volatile.Read(ref _emptied).Task;
            if (_open.IsEmpty)
            {
                return;
            }

            await emptied.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
