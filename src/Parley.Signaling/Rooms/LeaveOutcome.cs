namespace Parley.Signaling.Rooms;

/// <summary>
/// What a leave did. The registry learns whether the room emptied as it frees the seat, so callers need not read
/// the room again (a round trip when rooms live in Redis) to know whether it closed.
/// </summary>
public enum LeaveOutcome
{
    /// <summary>The connection no longer held the seat (already freed, or taken over by a resume): nothing changed.</summary>
    NotSeated,

    /// <summary>The seat was freed; others are still in the room.</summary>
    Left,

    /// <summary>The seat was the room's last: the room is gone.</summary>
    RoomEmptied,
}
