namespace Parley.Signaling.Rooms;

public enum JoinStatus
{
    /// <summary>The peer took a free seat.</summary>
    Joined,

    /// <summary>The peer's resume token matched a seat still held by its previous connection, which it now holds.</summary>
    Resumed,

    /// <summary>Every seat is taken; nothing changed.</summary>
    RoomFull,
}

/// <summary>
/// What a join did: the seat taken (<paramref name="Member"/>), the peers already there (<paramref name="Others"/>),
/// for a resumed seat the connection that held it before, and the seat's <paramref name="ResumeToken"/>: a secret
/// that only this answer carries, for the joiner alone.
/// </summary>
public sealed record JoinOutcome(
    JoinStatus Status,
    RoomMember? Member,
    IReadOnlyList<RoomMember> Others,
    string? ReplacedConnectionId,
    string? ResumeToken)
{
    public static JoinOutcome Full { get; } = new(JoinStatus.RoomFull, null, [], null, null);
}
