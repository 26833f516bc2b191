namespace Parley.Signaling.Rooms;

/// <summary>
/// A peer's seat in a room, as every node and every other peer may see it: no secret in it. <paramref name="Node"/> is
/// the node that holds the seat's connection, where its events go. A seat whose connection dropped without
/// <c>Leave</c> is held for its owner until <paramref name="AwayUntil"/>; it still counts for the room's capacity.
/// </summary>
public sealed record RoomMember(
    string Room, string PeerId, string Username, string ConnectionId, string Node, DateTimeOffset? AwayUntil = null)
{
    public bool IsAway => AwayUntil is not null;
}
