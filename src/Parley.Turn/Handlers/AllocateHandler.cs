using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Parley.Turn.Allocations;
using Parley.Turn.Grants;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Handlers;

/// <summary>Allocate: creates a UDP relay for the client's 5-tuple. RFC 8656 §7.2.</summary>
internal sealed class AllocateHandler(TurnServerContext server) : IRequestHandler
{
    public StunErrorCode Handle(ref RequestContext context)
    {
        // 1. The request MUST be authenticated: the dispatcher has done that (and refused revoked grants) before
        //    calling any TURN handler.
        AllocationOwner owner = context.Authentication.Owner;
        string user = owner.Username;

        // 2. A 5-tuple already in use draws 437 (Allocation Mismatch), unless this is a retransmission of the
        //    request that created the allocation, which gets the same success response again.
        if (server.Allocations.TryGet(context.FiveTuple, out Allocation existing))
        {
            if (existing.TransactionId != context.Request.TransactionId || existing.Username != user)
            {
                return StunErrorCode.AllocationMismatch;
            }

            WriteSuccess(ref context, existing, addressError: null);
            return StunErrorCode.None;
        }

        StunErrorCode error = CheckAttributes(context.Request, out bool evenPort, out Families families);
        if (error != StunErrorCode.None)
        {
            return error;
        }

        // 8. Quotas: in all, per user (its grant, with the host's limits for it) and per client address. RFC 8656 §21.3.1.
        if (server.Grants.GetLimits(owner.Grant) is not { } limits)
        {
            return StunErrorCode.ServerError;
        }

        if (server.Allocations.TryReserve(owner.Grant, context.FiveTuple.Client, limits.MaxAllocations) is { } refusal)
        {
            server.Refusals.Record(refusal, StunMethod.Allocate, context.FiveTuple, owner.Grant);
            return StunErrorCode.AllocationQuotaReached;
        }

        // 9. Obtain the relayed transport address(es); no free port: 508 (Insufficient Capacity).
        error = CreateRelays(families, evenPort, context.Request.HasAttribute(StunAttributeType.DontFragment),
            out RelayEndpoint? ipv4, out RelayEndpoint? ipv6, out StunErrorCode additionalError);
        if (error != StunErrorCode.None)
        {
            server.Allocations.Unreserve(owner.Grant, context.FiveTuple.Client);
            return error;
        }

        TimeSpan lifetime = LifetimePolicy.GetDesiredLifetime(
            context.Request, server.Options.DefaultAllocationLifetime, server.Options.MaxAllocationLifetime);
        var allocation = new Allocation(context.FiveTuple, owner, context.Request.TransactionId,
            context.Connections.GetConnection(context.FiveTuple), ipv4, ipv6, server.TimeProvider, lifetime,
            server.Metrics, limits.MaxAllocationBandwidth, limits.MaxAllocationAge);
        if (!server.Allocations.TryAdd(allocation))
        {
            // Revoked between authentication and now.
            allocation.Dispose();
            server.Allocations.Unreserve(owner.Grant, context.FiveTuple.Client);
            if (server.GrantStates.IsRevoked(owner.Grant, out Revocation? revocation))
            {
                server.Refusals.RecordRevoked(StunMethod.Allocate, context.FiveTuple, owner.Grant, revocation);
            }

            return StunErrorCode.Forbidden;
        }

        server.Metrics.AllocationCreated();
        StartRelaying(allocation);
        server.Grants.OnAllocated(owner.Grant);

        WriteSuccess(ref context, allocation, additionalError == StunErrorCode.None ? null : additionalError);
        if (server.Logger.IsEnabled(LogLevel.Information))
        {
            server.Logger.AllocationCreated(user, context.FiveTuple, allocation.DescribeRelayedAddresses(),
                allocation.GetRemainingSeconds(server.TimeProvider.GetUtcNow()));
        }
        return StunErrorCode.None;
    }

    private StunErrorCode CheckAttributes(in StunMessageReader request, out bool evenPort, out Families families)
    {
        evenPort = false;
        families = default;

        // 3. REQUESTED-TRANSPORT missing or malformed: 400; anything but UDP: 442 (Unsupported Transport Protocol).
        if (!request.TryGet(out RequestedTransportAttribute transport))
        {
            return StunErrorCode.BadRequest;
        }

        if (transport.Protocol != RequestedTransportAttribute.Udp)
        {
            return StunErrorCode.UnsupportedTransportProtocol;
        }

        // 4. DONT-FRAGMENT is supported (the DF bit is set on IPv4 relay sockets), so it never draws 420.
        // 5. RESERVATION-TOKEN together with EVEN-PORT or an address family attribute: 400. This server keeps no
        //    reservations, so any other token is invalid: 508.
        bool hasFamilyAttribute = request.HasAttribute(StunAttributeType.RequestedAddressFamily)
            || request.HasAttribute(StunAttributeType.AdditionalAddressFamily);
        if (request.HasAttribute(StunAttributeType.ReservationToken))
        {
            return request.HasAttribute(StunAttributeType.EvenPort) || hasFamilyAttribute
                ? StunErrorCode.BadRequest
                : StunErrorCode.InsufficientCapacity;
        }

        // 6. EVEN-PORT: an even port is given; the R bit asks for a reservation of the next port, which is refused
        //    with 508 rather than silently ignored.
        if (request.HasAttribute(StunAttributeType.EvenPort))
        {
            if (!request.TryGet(out EvenPortAttribute even))
            {
                return StunErrorCode.BadRequest;
            }

            if (even.ReserveNextPort)
            {
                return StunErrorCode.InsufficientCapacity;
            }

            evenPort = true;
        }

        // 7. Address families (RFC 8656 §7.2, after RFC 6156).
        return SelectFamilies(request, out families);
    }

    private StunErrorCode SelectFamilies(in StunMessageReader request, out Families families)
    {
        families = new Families(IPv4: true, IPv6: false, AdditionalIPv6: false);
        bool hasRequested = request.TryGet(out RequestedAddressFamilyAttribute requested);
        bool hasAdditional = request.TryGet(out AdditionalAddressFamilyAttribute additional);
        if ((hasRequested && hasAdditional) || (hasRequested != request.HasAttribute(StunAttributeType.RequestedAddressFamily))
            || (hasAdditional != request.HasAttribute(StunAttributeType.AdditionalAddressFamily)))
        {
            return StunErrorCode.BadRequest;
        }

        if (hasAdditional && additional.Family != XorAddressCodec.FamilyIPv6)
        {
            return StunErrorCode.BadRequest;
        }

        if (hasRequested)
        {
            families = requested.Family switch
            {
                XorAddressCodec.FamilyIPv4 => families,
                XorAddressCodec.FamilyIPv6 => new Families(IPv4: false, IPv6: true, AdditionalIPv6: false),
                _ => default,
            };
        }
        else if (hasAdditional)
        {
            families = families with { AdditionalIPv6 = true };
        }

        // 440 (Address Family not Supported) for an unknown family or one this server has no relay address for.
        bool supported = (families.IPv4 && server.RelayIPv4 is not null) || (families.IPv6 && server.RelayIPv6 is not null);
        return supported ? StunErrorCode.None : StunErrorCode.AddressFamilyNotSupported;
    }

    private StunErrorCode CreateRelays(Families families, bool evenPort, bool dontFragment,
        out RelayEndpoint? ipv4, out RelayEndpoint? ipv6, out StunErrorCode additionalError)
    {
        ipv4 = null;
        ipv6 = null;
        additionalError = StunErrorCode.None;
        if (families.IPv4)
        {
            ipv4 = TryCreateRelay(server.RelayIPv4!, server.RelayIPv4Advertised!, evenPort);
            if (ipv4 is null)
            {
                return StunErrorCode.InsufficientCapacity;
            }

            if (dontFragment)
            {
                ipv4.TrySetDontFragment();
            }
        }

        if (families.IPv6 || families.AdditionalIPv6)
        {
            ipv6 = server.RelayIPv6 is null ? null : TryCreateRelay(server.RelayIPv6, server.RelayIPv6, evenPort);
            if (ipv6 is null && families.IPv6)
            {
                return StunErrorCode.InsufficientCapacity;
            }

            // RFC 8656 §7.2: a dual allocation that only gets IPv4 reports the IPv6 failure in ADDRESS-ERROR-CODE.
            if (ipv6 is null)
            {
                additionalError = server.RelayIPv6 is null ? StunErrorCode.AddressFamilyNotSupported : StunErrorCode.InsufficientCapacity;
            }
        }

        return StunErrorCode.None;
    }

    private RelayEndpoint? TryCreateRelay(IPAddress bind, IPAddress advertised, bool evenPort)
    {
        Socket? socket = server.Ports.TryBind(bind, evenPort);
        return socket is null ? null : new RelayEndpoint(socket, advertised, server.Ports, server.Logger);
    }

    private void StartRelaying(Allocation allocation)
    {
        if (allocation.RelayIPv4 is { } ipv4)
        {
            server.RelayPollers.Start(ipv4, allocation);
        }

        if (allocation.RelayIPv6 is { } ipv6)
        {
            server.RelayPollers.Start(ipv6, allocation);
        }
    }

    private void WriteSuccess(ref RequestContext context, Allocation allocation, StunErrorCode? addressError)
    {
        // RFC 8656 §7.2: XOR-RELAYED-ADDRESS (one per family), LIFETIME, XOR-MAPPED-ADDRESS.
        if (allocation.RelayIPv4 is not null)
        {
            context.Response.Append(new XorRelayedAddressAttribute(allocation.RelayIPv4.RelayedAddress));
        }

        if (allocation.RelayIPv6 is not null)
        {
            context.Response.Append(new XorRelayedAddressAttribute(allocation.RelayIPv6.RelayedAddress));
        }

        if (addressError is StunErrorCode code)
        {
            context.Response.Append(new AddressErrorCodeAttribute(XorAddressCodec.FamilyIPv6, code));
        }

        context.Response.Append(new LifetimeAttribute(allocation.GetRemainingSeconds(server.TimeProvider.GetUtcNow())));
        context.Response.Append(new XorMappedAddressAttribute(context.FiveTuple.Client));
    }

    private readonly record struct Families(bool IPv4, bool IPv6, bool AdditionalIPv6);
}
