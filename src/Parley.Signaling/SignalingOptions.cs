using System.ComponentModel.DataAnnotations;

namespace Parley.Signaling;

/// <summary>Configuration section <c>Signaling</c>.</summary>
public sealed class SignalingOptions
{
    public const string SectionName = "Signaling";

    /// <summary>
    /// Serve the hub and the web client. Off for a node that only relays media (a TURN-only Parley).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many peers a room holds. Calls are peer to peer, so every extra seat multiplies each peer's uploads.</summary>
    [Range(2, 16)]
    public int RoomCapacity { get; set; } = 2;

    /// <summary>
    /// How long a stopping node waits for its clients to reconnect elsewhere before it closes their connections.
    /// The host's shutdown timeout is raised to cover it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
