namespace Parley.Server.Signaling;

/// <summary>
/// A connection's first request head that <see cref="UpgradeRequestReader"/> read as a WebSocket upgrade to the
/// signaling path: its length, and the fields the upgrade and its checks depend on (every other field is skipped).
/// </summary>
internal sealed class UpgradeRequestHead
{
    /// <summary>Bytes of the head, its closing empty line included: what the WebSocket's first frame follows.</summary>
    public int Length { get; set; }

    public string Host { get; set; } = string.Empty;

    public string? Origin { get; set; }

    public string? Key { get; set; }

    public string? Version { get; set; }

    public List<string> Upgrade { get; } = [];

    public List<string> Connection { get; } = [];

    public List<string> ForwardedFor { get; } = [];

    public List<string> ForwardedProto { get; } = [];
}

/// <summary>What a connection's first bytes are, as far as the signaling socket below HTTP is concerned.</summary>
internal enum HeadVerdict
{
    /// <summary>So far they may still become a signaling upgrade: read on.</summary>
    NeedMore,

    /// <summary>Anything else, or anything read less than strictly: Kestrel's HTTP serves it, as it would without this.</summary>
    Http,

    /// <summary>A complete, well-formed head of a GET to the signaling path.</summary>
    Signaling,
}
