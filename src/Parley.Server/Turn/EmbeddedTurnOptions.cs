using Parley.Signaling;

namespace Parley.Server.Turn;

/// <summary>
/// Configuration section <c>Turn</c>, beside the protocol settings of <see cref="Parley.Turn.TurnServerOptions"/>
/// in the same section: whether Parley runs its own STUN/TURN server and how browsers are told to reach it.
/// </summary>
public sealed class EmbeddedTurnOptions
{
    public const string SectionName = "Turn";

    /// <summary>Run the embedded STUN/TURN server. Off when an external TURN server is configured instead.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The host name or address browsers use for TURN (a cloud VM's public address, for example). By default, the
    /// host the browser reached the web app by.
    /// </summary>
    public string? PublicHost { get; set; }

    /// <summary>How long the TURN credentials handed to a browser stay valid; a call needs them for its whole length.</summary>
    [TimeSpanRange("00:01:00", "7.00:00:00")]
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(24);
}
