namespace Parley.Signaling.Rooms;

/// <summary>A validated request for a seat in <paramref name="Room"/>, which holds at most <paramref name="Capacity"/> peers.</summary>
public sealed record JoinRequest(string Room, string Username, string ConnectionId, string? ResumeToken, int Capacity);
