using Parley.Turn.Allocations;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Handlers;

/// <summary>
/// Send indication: relays DATA to XOR-PEER-ADDRESS. Indications cannot be authenticated or answered, so every
/// failure is a silent discard. RFC 8656 §11.2.
/// </summary>
internal sealed class SendIndicationHandler(AllocationTable allocations)
{
    public void Handle(in StunMessageReader indication, in FiveTuple fiveTuple)
    {
        // Only a 5-tuple with an allocation may send; XOR-PEER-ADDRESS and DATA are both required. A permission
        // for the peer is checked by the allocation.
        if (allocations.TryGet(fiveTuple, out Allocation allocation)
            && indication.TryGet(out XorPeerAddressAttribute peer)
            && indication.TryGet(out DataAttribute data))
        {
            allocation.SendToPeer(peer.Address, data.Payload, indication.HasAttribute(StunAttributeType.DontFragment));
        }
    }
}
