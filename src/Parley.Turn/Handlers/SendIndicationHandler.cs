using Parley.Turn.Allocations;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Handlers;

/// <summary>
/// Send indication: relays DATA to XOR-PEER-ADDRESS. Indications cannot be authenticated or answered, so every
/// failure is a silent discard. RFC 8656 §11.2.
/// </summary>
internal sealed class SendIndicationHandler(TurnServerContext server)
{
    public void Handle(in StunMessageReader indication, in FiveTuple fiveTuple)
    {
        // Only a 5-tuple with an allocation may send; XOR-PEER-ADDRESS and DATA are both required. A permission
        // for the peer is checked by the allocation; it covers every port of the peer's address (RFC 8656 §9), so
        // on the node's own addresses the port is checked here, for each indication.
        if (server.Allocations.TryGet(fiveTuple, out Allocation allocation)
            && indication.TryGet(out XorPeerAddressAttribute peer)
            && indication.TryGet(out DataAttribute data)
            && (server.PeerFilter.MayRelayTo(peer.Address) || server.PeerExemptions.Covers(allocation.Username, peer.Address)))
        {
            allocation.SendToPeer(peer.Address, data.Payload, indication.HasAttribute(StunAttributeType.DontFragment));
        }
    }
}
