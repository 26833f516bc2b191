namespace Parley.Signaling.Rooms;

/// <summary>
/// Who sits in which room. Every operation is atomic: two peers racing for the last seat can never both get it.
/// In memory on one node; shared by all nodes when scaled out.
/// </summary>
public interface IRoomRegistry
{
    /// <summary>
    /// Seats a peer unless the room is full. A resume token that matches a seated member hands that seat, with its
    /// peer id, to the new connection and clears its away mark: a reloaded page is not locked out by its own ghost,
    /// and a dropped connection gets its held seat back.
    /// </summary>
    ValueTask<JoinOutcome> JoinAsync(JoinRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Frees <paramref name="member"/>'s seat if its connection still holds it; returns whether it did and whether
    /// that emptied the room.
    /// </summary>
    ValueTask<LeaveOutcome> LeaveAsync(RoomMember member, CancellationToken cancellationToken = default);

    /// <summary>
    /// Holds <paramref name="member"/>'s seat for its owner until <paramref name="until"/>, if its connection still
    /// holds it: the connection dropped without <c>Leave</c>. Returns the away seat, or null when the seat is gone or
    /// was already taken over by a rejoin. A resume clears the mark; freeing it when the time is up is
    /// <see cref="LeaveAsync"/>'s job, which fails harmlessly once a resume has moved the seat to a new connection.
    /// </summary>
    ValueTask<RoomMember?> MarkAwayAsync(RoomMember member, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>The members of <paramref name="room"/>, oldest first; empty when the room does not exist.</summary>
    ValueTask<IReadOnlyList<RoomMember>> GetMembersAsync(string room, CancellationToken cancellationToken = default);

    /// <summary>
    /// Which of <paramref name="peerIds"/> hold a seat now, in any room, away seats included: what may keep using
    /// what the seat was given (its TURN relays). One read, whatever the number of peer ids.
    /// </summary>
    ValueTask<IReadOnlySet<string>> GetSeatedAsync(IReadOnlyCollection<string> peerIds, CancellationToken cancellationToken = default);
}
