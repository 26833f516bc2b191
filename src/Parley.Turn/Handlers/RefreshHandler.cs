using Parley.Turn.Allocations;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Handlers;

/// <summary>Refresh: extends an allocation's lifetime, or deletes it with LIFETIME 0. RFC 8656 §8.2.</summary>
internal sealed class RefreshHandler(TurnServerContext server) : IRequestHandler
{
    public StunErrorCode Handle(ref RequestContext context)
    {
        // No allocation on this 5-tuple: 437; another user's allocation: 441.
        StunErrorCode error = OwnedAllocation.TryGet(server, context, out Allocation allocation);
        if (error != StunErrorCode.None)
        {
            return error;
        }

        // "If the server receives a Refresh Request with a REQUESTED-ADDRESS-FAMILY attribute and the attribute
        //  value does not match the address family of the allocation, the server MUST reply with a 443."
        if (context.Request.TryGet(out RequestedAddressFamilyAttribute family) && !HasFamily(allocation, family.Family))
        {
            return StunErrorCode.PeerAddressFamilyMismatch;
        }

        // Desired lifetime: 0 deletes the allocation; otherwise it is set as the new time to expiry (never past a
        // grant's age limit, the allocation's maximum allowed lifetime).
        TimeSpan lifetime = LifetimePolicy.GetDesiredLifetime(
            context.Request, server.Options.DefaultAllocationLifetime, server.Options.MaxAllocationLifetime);
        uint seconds = 0;
        if (lifetime == TimeSpan.Zero)
        {
            server.Allocations.Remove(context.FiveTuple, "refreshed with lifetime 0");
        }
        else
        {
            seconds = allocation.Refresh(lifetime, server.TimeProvider.GetUtcNow());
        }

        // The success response carries the time-to-expiry in LIFETIME.
        context.Response.Append(new LifetimeAttribute(seconds));
        return StunErrorCode.None;
    }

    private static bool HasFamily(Allocation allocation, byte family) => family switch
    {
        XorAddressCodec.FamilyIPv4 => allocation.RelayIPv4 is not null,
        XorAddressCodec.FamilyIPv6 => allocation.RelayIPv6 is not null,
        _ => false,
    };
}
