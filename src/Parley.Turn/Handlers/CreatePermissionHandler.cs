using Parley.Turn.Allocations;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Handlers;

/// <summary>CreatePermission: installs or refreshes permissions for one or more peer IP addresses. RFC 8656 §10.2.</summary>
internal sealed class CreatePermissionHandler(TurnServerContext server) : IRequestHandler
{
    // Bounds the work one request can cause; a browser sends one address per request.
    private const int MaxPeersPerRequest = 32;

    public StunErrorCode Handle(ref RequestContext context)
    {
        StunErrorCode error = OwnedAllocation.TryGet(server, context, out Allocation allocation);
        if (error != StunErrorCode.None)
        {
            return error;
        }

        // "When the server receives the CreatePermission request, it processes as per Section 5 plus the specific
        //  rules mentioned here": at least one XOR-PEER-ADDRESS, else 400.
        Span<TransportAddress> peers = stackalloc TransportAddress[MaxPeersPerRequest];
        int count = 0;
        foreach (StunAttributeView attribute in context.Request)
        {
            if (attribute.Type != (ushort)StunAttributeType.XorPeerAddress)
            {
                continue;
            }

            if (count == MaxPeersPerRequest || !XorPeerAddressAttribute.TryRead(attribute.Value, context.Request.TransactionId, out XorPeerAddressAttribute peer))
            {
                return StunErrorCode.BadRequest;
            }

            // Each address must match a relayed address family (443) and pass the peer filter (403).
            error = OwnedAllocation.CheckPeer(server, context, allocation, peer.Address);
            if (error != StunErrorCode.None)
            {
                return error;
            }

            peers[count++] = peer.Address;
        }

        if (count == 0)
        {
            return StunErrorCode.BadRequest;
        }

        // "The CreatePermission request MUST install or refresh all the permissions or none of them": beyond the
        // per-allocation limit the request is refused with 508 (Insufficient Capacity).
        if (!allocation.TryInstallPermissions(peers[..count], server.TimeProvider.GetUtcNow(), server.Options.MaxPermissionsPerAllocation))
        {
            return StunErrorCode.InsufficientCapacity;
        }

        foreach (TransportAddress peer in peers[..count])
        {
            server.Logger.PermissionInstalled(allocation.Username, context.FiveTuple, peer);
        }

        return StunErrorCode.None;
    }
}
