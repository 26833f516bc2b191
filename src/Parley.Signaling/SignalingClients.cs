using Parley.Signaling.Contracts;
using Parley.Signaling.Rooms;
using Parley.Signaling.Sockets;

namespace Parley.Signaling;

/// <summary>
/// Finds the events of a seat's connection, wherever it is: on this node in the <see cref="ConnectionRegistry"/>, on
/// another node (the one the room registry says holds the seat) through the <see cref="ISocketRelay"/>. Rooms are
/// addressed seat by seat from the registry's members.
/// </summary>
public sealed class SignalingClients(
    ConnectionRegistry connections,
    ThisNode node,
    IRoomRegistry rooms,
    ISocketRelay? relay = null)
{
    /// <summary>The events of <paramref name="member"/>'s connection; they go nowhere once it has closed.</summary>
    public ISignalingClient Connection(RoomMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (member.Node == node.Id)
        {
            return (ISignalingClient?)connections.Find(member.ConnectionId)?.Caller ?? GoneConnection.Instance;
        }

        return relay is null ? GoneConnection.Instance : new RemoteSocket(relay, member.Node, member.ConnectionId);
    }

    /// <summary>Sends to every seat of <paramref name="members"/> but <paramref name="exceptPeerId"/>'s and the held ones.</summary>
    public Task OthersAsync(IReadOnlyList<RoomMember> members, string? exceptPeerId, Func<ISignalingClient, Task> send)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(send);
        List<Task>? sends = null;
        foreach (var member in members)
        {
            if (member.PeerId != exceptPeerId && !member.IsAway)
            {
                (sends ??= []).Add(send(Connection(member)));
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
