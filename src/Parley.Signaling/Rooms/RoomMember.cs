namespace Parley.Signaling.Rooms;

/// <summary>A peer's seat in a room. <paramref name="ResumeToken"/> is a secret only the peer itself knows.</summary>
public sealed record RoomMember(string Room, string PeerId, string Username, string ConnectionId, string ResumeToken);
