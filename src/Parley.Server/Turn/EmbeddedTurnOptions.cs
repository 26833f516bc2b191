using System.ComponentModel.DataAnnotations;
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

    /// <summary>
    /// How long the TURN credentials handed to a seat stay valid. A call may last longer: while the seat is held its
    /// relays are kept (the server confirms the seat's grant) and the client is sent fresh credentials before these
    /// expire. Once the seat is gone its credentials are refused at once, and remembered as revoked this long.
    /// </summary>
    [TimeSpanRange("00:00:10", "7.00:00:00")]
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often the seats that hold relays on this node are checked against the room registry: a held seat's relays
    /// are kept, a gone seat's are released. A freed seat is normally revoked at once (every node hears of it); this
    /// is the backstop, so a relay outlives its seat by at most about this long.
    /// </summary>
    [TimeSpanRange("00:00:01", "00:05:00")]
    public TimeSpan SeatCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many relay-test credentials (<c>GET /api/ice-servers/probe</c>, for the diagnostics page) one client address
    /// (an IPv4 address or an IPv6 /64) may fetch per minute. Each allows at most 2 relays that live at most 2 minutes.
    /// </summary>
    [Range(1, 1000)]
    public int ProbeRequestsPerMinute { get; set; } = 10;

    /// <summary>Relayed bytes per second per relay-test allocation and direction; plenty for the test's one message.</summary>
    [Range(1_000, 125_000_000)]
    public long ProbeBandwidth { get; set; } = 125_000;
}
