using System.ComponentModel.DataAnnotations;

namespace Parley.Signaling;

/// <summary>Configuration section <c>Signaling</c>.</summary>
public sealed class SignalingOptions : IValidatableObject
{
    public const string SectionName = "Signaling";

    /// <summary>
    /// Serve the signaling socket and the web client. Off for a node that only relays media (a TURN-only Parley).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How many peers a room holds, 2 to 8. Calls are a mesh of peer-to-peer connections: each person sends a copy of
    /// their camera to each other one (the web client splits one uplink budget between them), and beyond eight the
    /// copies no longer fit a home upstream or a phone's encoder.
    /// </summary>
    [Range(2, 8)]
    public int RoomCapacity { get; set; } = 4;

    /// <summary>
    /// How long the seat of a peer whose connection dropped without <c>Leave</c> is held for it: the others hear
    /// <c>PeerReconnecting</c>, and <c>PeerLeft</c> only if it has not resumed by then. Zero frees the seat at once.
    /// Default 20 s: longer than the web client's reconnect back-off needs, short enough that a room is not blocked
    /// for long by someone who closed the lid.
    /// </summary>
    [TimeSpanRange("00:00:00", "00:10:00")]
    public TimeSpan ReconnectGracePeriod { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a stopping node waits for its clients to reconnect elsewhere before it closes their connections.
    /// The host's shutdown timeout is raised to cover it.
    /// </summary>
    [TimeSpanRange("00:00:00", "00:10:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The origin people open Parley at (<c>https://call.example.org</c>). When set, a page's <c>Origin</c> must be this
    /// one (or in <c>Signaling:Abuse:AllowedOrigins</c>) to open the signaling socket: the <c>Host</c> header is no
    /// longer trusted, since a DNS rebinding page sends one that matches its own origin.
    /// </summary>
    public string? PublicOrigin { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicOrigin is not null && !TryParseOrigin(PublicOrigin, out _))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(PublicOrigin)} '{PublicOrigin}' is not an origin: http:// or https://, a host and an optional port, no path (https://call.example.org).",
                [nameof(PublicOrigin)]);
        }
    }

    /// <summary>Reads an origin as browsers send it: scheme, host and port, nothing after.</summary>
    internal static bool TryParseOrigin(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? origin)
    {
        origin = Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            ? uri
            : null;
        return origin is not null;
    }
}
