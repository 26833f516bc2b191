using Parley.Turn.Allocations;
using Parley.Turn.Stun;

namespace Parley.Turn.Handlers;

/// <summary>
/// ChannelData from a client: relays the payload to the peer bound to the channel. Malformed messages and
/// unbound channels are silently discarded. RFC 8656 §12.6.
/// </summary>
internal sealed class ChannelDataHandler(AllocationTable allocations, ushort maximumChannel)
{
    public void Handle(ReadOnlySpan<byte> packet, in FiveTuple fiveTuple)
    {
        if (ChannelData.TryRead(packet, maximumChannel, out ChannelData channelData) && allocations.TryGet(fiveTuple, out Allocation allocation))
        {
            allocation.SendChannelDataToPeer(channelData.ChannelNumber, channelData.Payload);
        }
    }
}
