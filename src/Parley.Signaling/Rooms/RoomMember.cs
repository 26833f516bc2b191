namespace Parley.Signaling.Rooms;

/// <summary>A peer's seat in a room, as every node and every other peer may see it: no secret in it.</summary>
public sealed record RoomMember(string Room, string PeerId, string Username, string ConnectionId);
