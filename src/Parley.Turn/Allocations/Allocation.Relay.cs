using System.Net;
using System.Net.Sockets;
using Parley.Turn.Abuse;
using Parley.Turn.Handlers;
using Parley.Turn.Stun;

namespace Parley.Turn.Allocations;

/// <summary>The data path of an allocation: client to peer and peer to client, free of per-packet allocations.</summary>
internal sealed partial class Allocation
{
    // Reused for Send indications. Only the loop that owns this allocation's 5-tuple sends through it, one
    // packet at a time, so no two sends share it.
    private readonly SocketAddress? _sendScratchIPv4;
    private readonly SocketAddress? _sendScratchIPv6;

    // TurnServerOptions.MaxAllocationBandwidth, one budget per direction so a client's upload cannot starve its download.
    private readonly BandwidthLimiter? _toPeers;
    private readonly BandwidthLimiter? _toClient;

    /// <summary>
    /// Relays a Send indication's DATA to <paramref name="peer"/>, with the DF bit when the indication carried
    /// DONT-FRAGMENT. Without a permission for the peer's IP address the data is silently discarded. RFC 8656 §11.2.
    /// </summary>
    public void SendToPeer(TransportAddress peer, ReadOnlySpan<byte> payload, bool dontFragment = false)
    {
        RelayEndpoint? relay = RelayFor(peer.Family);
        SocketAddress? scratch = peer.Family == AddressFamily.InterNetwork ? _sendScratchIPv4 : _sendScratchIPv6;
        DateTimeOffset now = _timeProvider.GetUtcNow();
        if (relay is null || scratch is null || !HasPermission(peer, now) || !WithinBandwidth(_toPeers, payload.Length, now))
        {
            return;
        }

        peer.CopyTo(scratch);
        relay.SendToPeer(payload, scratch, dontFragment);
        _metrics.RelayedToPeer(payload.Length);
    }

    /// <summary>
    /// Relays ChannelData to the peer bound to <paramref name="channelNumber"/>; data on an unbound channel is
    /// silently discarded. RFC 8656 §12.6.
    /// </summary>
    public void SendChannelDataToPeer(ushort channelNumber, ReadOnlySpan<byte> payload)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        ChannelBinding? binding;
        lock (_gate)
        {
            if (!_channelsByNumber.TryGetValue(channelNumber, out binding) || binding.ExpiresAt <= now)
            {
                return;
            }
        }

        if (!WithinBandwidth(_toPeers, payload.Length, now))
        {
            return;
        }

        if (RelayFor(binding.Peer.Family) is { } relay)
        {
            relay.SendToPeer(payload, binding.PeerSocketAddress);
            _metrics.RelayedToPeer(payload.Length);
        }
    }

    /// <summary>
    /// Forwards a peer's datagram (at <see cref="RelayEndpoint.Headroom"/> in <paramref name="buffer"/>) to the
    /// client: as ChannelData when a channel is bound to the peer, else as a Data indication. Datagrams from
    /// peers without a permission are discarded. RFC 8656 §11.3, §12.7.
    /// </summary>
    public ValueTask ForwardFromPeerAsync(byte[] buffer, int length, SocketAddress from, CancellationToken cancellationToken) =>
        TryFrameFromPeer(buffer, length, TransportAddress.FromSocketAddress(from), out Memory<byte> frame)
            ? Client.SendAsync(frame, cancellationToken)
            : default;

    /// <summary>The relayed addresses, for XOR-RELAYED-ADDRESS and logs.</summary>
    public string DescribeRelayedAddresses() =>
        string.Join(", ", new[] { RelayIPv4, RelayIPv6 }.OfType<RelayEndpoint>().Select(r => r.RelayedAddress.ToString()));

    /// <summary>Over the cap a datagram is dropped, as a congested link would: UDP gives no way to slow the sender.</summary>
    private static bool WithinBandwidth(BandwidthLimiter? limiter, int bytes, DateTimeOffset now) =>
        limiter is null || limiter.TryConsume(bytes, now);

    /// <summary>
    /// Frames a peer's datagram in place for the client, or returns false when it must be dropped (no permission, over
    /// the bandwidth cap). For a caller that sends the frame itself (a batch of them, see <see cref="Transports.RelayPoller"/>).
    /// </summary>
    public bool TryFrameFromPeer(byte[] buffer, int length, in TransportAddress peer, out Memory<byte> frame)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        ChannelBinding? binding;
        frame = default;
        lock (_gate)
        {
            if (!HasPermissionLocked(peer, now))
            {
                return false;
            }

            if (_channelsByPeer.TryGetValue(peer, out binding) && binding.ExpiresAt <= now)
            {
                binding = null;
            }
        }

        if (!WithinBandwidth(_toClient, length, now))
        {
            return false;
        }

        frame = binding is not null
            ? ChannelData.FrameInPlace(buffer, RelayEndpoint.Headroom, length, binding.Number, Client.IsStream)
            : DataIndication.FrameInPlace(buffer, RelayEndpoint.Headroom, length, peer);
        _metrics.RelayedToClient(length);
        return true;
    }

    private bool HasPermission(TransportAddress peer, DateTimeOffset now)
    {
        lock (_gate)
        {
            return HasPermissionLocked(peer, now);
        }
    }

    private bool HasPermissionLocked(TransportAddress peer, DateTimeOffset now) =>
        _permissions.TryGetValue(peer.WithoutPort, out Permission? permission) && permission.ExpiresAt > now;
}
