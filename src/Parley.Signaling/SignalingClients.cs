using Microsoft.AspNetCore.SignalR;
using Parley.Signaling.Contracts;
using Parley.Signaling.Rooms;
using Parley.Signaling.Sockets;

namespace Parley.Signaling;

/// <summary>
/// Finds the events of a connection, whichever transport and node holds it: a hub connection through SignalR (and its
/// backplane when scaled out), a socket of this node directly, a socket of another node through the
/// <see cref="ISocketRelay"/>. Rooms are addressed seat by seat from the registry's members, so hub and socket peers
/// can share a room.
/// </summary>
public sealed class SignalingClients(
    IHubContext<SignalingHub, ISignalingClient> hub,
    SocketConnections sockets,
    IRoomRegistry rooms,
    ISocketRelay? relay = null)
{
    public ISignalingClient Connection(string connectionId)
    {
        if (!SocketConnectionId.TryGetNode(connectionId, out var node))
        {
            return hub.Clients.Client(connectionId);
        }

        if (sockets.IsThisNode(node))
        {
            return (ISignalingClient?)sockets.Find(connectionId) ?? GoneConnection.Instance;
        }

        return relay is null ? GoneConnection.Instance : new RemoteSocket(relay, node.ToString(), connectionId);
    }

    /// <summary>Sends to every seat of <paramref name="members"/> but <paramref name="exceptPeerId"/>'s.</summary>
    public Task OthersAsync(IReadOnlyList<RoomMember> members, string? exceptPeerId, Func<ISignalingClient, Task> send)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(send);
        List<Task>? sends = null;
        foreach (var member in members)
        {
            if (member.PeerId != exceptPeerId && !member.IsAway)
            {
                (sends ??= []).Add(send(Connection(member.ConnectionId)));
            }
        }

        return sends is null ? Task.CompletedTask : Task.WhenAll(sends);
    }

    /// <summary>Sends <paramref name="send"/> about <paramref name="member"/> to the others seated in its room now.</summary>
    public async Task TellOthersAsync(RoomMember member, Func<ISignalingClient, PeerInfo, Task> send)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(send);
        var peer = new PeerInfo(member.PeerId, member.Username);
        var members = await rooms.GetMembersAsync(member.Room).ConfigureAwait(false);
        await OthersAsync(members, member.PeerId, other => send(other, peer)).ConfigureAwait(false);
    }
}
