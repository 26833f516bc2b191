using Parley.Turn.Stun;

namespace Parley.Turn.Allocations;

/// <summary>
/// Lets a peer IP address (any port) send to the relayed address. It lasts 300 seconds and is refreshed
/// by CreatePermission or ChannelBind. RFC 8656 §9.
/// </summary>
internal sealed class Permission(TransportAddress peerAddress, DateTimeOffset expiresAt)
{
    /// <summary>RFC 8656 §9: "The Permission Lifetime MUST be 300 seconds".</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(300);

    /// <summary>The peer's IP address with port 0.</summary>
    public TransportAddress PeerAddress { get; } = peerAddress;

    public DateTimeOffset ExpiresAt { get; set; } = expiresAt;
}
