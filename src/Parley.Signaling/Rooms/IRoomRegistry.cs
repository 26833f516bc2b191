namespace Parley.Signaling.Rooms;

/// <summary>
/// Who sits in which room. Every operation is atomic: two peers racing for the last seat can never both get it.
/// In memory on one node; shared by all nodes when scaled out.
/// </summary>
public interface IRoomRegistry
{
    /// <summary>
    /// Seats a peer unless the room is full. A resume token that matches a seated member hands that seat, with its
    /// peer id, to the new connection: a reloaded page is not locked out by its own ghost.
    /// </summary>
    ValueTask<JoinOutcome> JoinAsync(JoinRequest request, CancellationToken cancellationToken = default);

    /// <summary>Frees <paramref name="member"/>'s seat if its connection still holds it; returns whether it did.</summary>
    ValueTask<bool> LeaveAsync(RoomMember member, CancellationToken cancellationToken = default);

    /// <summary>The members of <paramref name="room"/>, oldest first; empty when the room does not exist.</summary>
    ValueTask<IReadOnlyList<RoomMember>> GetMembersAsync(string room, CancellationToken cancellationToken = default);
}
