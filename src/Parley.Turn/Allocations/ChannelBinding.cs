using System.Net;
using Parley.Turn.Stun;

namespace Parley.Turn.Allocations;

/// <summary>
/// Binds a channel number (0x4000-0x4FFF) to one peer transport address for 10 minutes, so data can
/// travel as 4-byte-header ChannelData instead of Send/Data indications. RFC 8656 §12.
/// </summary>
internal sealed class ChannelBinding(ushort number, TransportAddress peer, DateTimeOffset expiresAt)
{
    /// <summary>RFC 8656 §12: a binding lasts 10 minutes unless refreshed.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>RFC 8656 §12: after expiry, neither the number nor the address may be rebound differently for 5 minutes.</summary>
    public static readonly TimeSpan Quarantine = TimeSpan.FromMinutes(5);

    public ushort Number { get; } = number;

    public TransportAddress Peer { get; } = peer;

    /// <summary>The peer as a socket address, built once so sending ChannelData allocates nothing.</summary>
    public SocketAddress PeerSocketAddress { get; } = peer.ToSocketAddress();

    public DateTimeOffset ExpiresAt { get; set; } = expiresAt;
}
