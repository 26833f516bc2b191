using Parley.Turn.Allocations;
using Parley.Turn.Stun;

namespace Parley.Turn.Handlers;

/// <summary>The checks every request on an existing allocation starts with.</summary>
internal static class OwnedAllocation
{
    /// <summary>
    /// Finds the allocation on the request's 5-tuple: none is 437 (Allocation Mismatch); one created by another
    /// user is 441 (Wrong Credentials). RFC 8656 §5.
    /// </summary>
    public static StunErrorCode TryGet(TurnServerContext server, in RequestContext context, out Allocation allocation)
    {
        if (!server.Allocations.TryGet(context.FiveTuple, out allocation))
        {
            return StunErrorCode.AllocationMismatch;
        }

        return allocation.Username == context.Authentication.Username ? StunErrorCode.None : StunErrorCode.WrongCredentials;
    }

    /// <summary>
    /// Checks a peer address: it needs a relay of its family (else 443, Peer Address Family Mismatch) and must
    /// pass the peer filter (else 403, Forbidden). RFC 8656 §10.2, §12.2, §21.2.2.
    /// </summary>
    public static StunErrorCode CheckPeer(TurnServerContext server, in RequestContext context, Allocation allocation, TransportAddress peer)
    {
        if (allocation.RelayFor(peer.Family) is null)
        {
            return StunErrorCode.PeerAddressFamilyMismatch;
        }

        if (!server.PeerFilter.IsAllowed(peer) && !server.PeerExemptions.Covers(allocation.Username, peer))
        {
            server.Metrics.PeerDenied();
            server.Logger.PeerDenied(allocation.Username, context.FiveTuple, peer);
            return StunErrorCode.Forbidden;
        }

        return StunErrorCode.None;
    }
}
