using Parley.Turn.Allocations;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Handlers;

/// <summary>ChannelBind: binds a channel number to a peer transport address, or refreshes the binding. RFC 8656 §12.2.</summary>
internal sealed class ChannelBindHandler(TurnServerContext server) : IRequestHandler
{
    public StunErrorCode Handle(ref RequestContext context)
    {
        StunErrorCode error = OwnedAllocation.TryGet(server, context, out Allocation allocation);
        if (error != StunErrorCode.None)
        {
            return error;
        }

        // The request is rejected with 400 (Bad Request) when:
        // - CHANNEL-NUMBER or XOR-PEER-ADDRESS is missing, or
        // - the channel number is not in the range 0x4000 through 0x4FFF (0x7FFE with the RFC 5766 option).
        if (!context.Request.TryGet(out ChannelNumberAttribute channel)
            || !context.Request.TryGet(out XorPeerAddressAttribute peer)
            || !channel.IsInRange(server.MaximumChannel))
        {
            return StunErrorCode.BadRequest;
        }

        // A peer of a family the allocation has no relay for: 443; a refused peer: 403.
        error = OwnedAllocation.CheckPeer(server, context, allocation, peer.Address);
        if (error != StunErrorCode.None)
        {
            return error;
        }

        // - the channel number is bound to a different transport address, or
        // - the transport address is bound to a different channel number: 400 as well.
        ChannelBindOutcome outcome = allocation.TryBindChannel(channel.Number, peer.Address, server.TimeProvider.GetUtcNow(),
            server.Options.MaxChannelsPerAllocation, server.Options.MaxPermissionsPerAllocation);
        switch (outcome)
        {
            case ChannelBindOutcome.Bound:
                server.Logger.ChannelBound(allocation.Username, context.FiveTuple, channel.Number, peer.Address);
                return StunErrorCode.None;
            case ChannelBindOutcome.CapacityExceeded:
                return StunErrorCode.InsufficientCapacity;
            default:
                return StunErrorCode.BadRequest;
        }
    }
}
