using Microsoft.Extensions.Logging;
using Parley.Turn.Allocations;
using Parley.Turn.Stun;

namespace Parley.Turn;

/// <summary>
/// Every log event of the TURN server, with stable event ids. Allocation and permission events are kept at
/// Information/Debug for forensics (RFC 8656 §21.3.2); per-packet events never log on the hot path.
/// </summary>
internal static partial class TurnLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "TURN server listening on {Protocol} {EndPoint}")]
    public static partial void Listening(this ILogger logger, string protocol, System.Net.EndPoint endPoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "TURN server stopped")]
    public static partial void Stopped(this ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Allocation for {User} on {FiveTuple} created: relayed {Relayed}, lifetime {LifetimeSeconds} s")]
    public static partial void AllocationCreated(this ILogger logger, string user, FiveTuple fiveTuple, string relayed, uint lifetimeSeconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Allocation for {User} on {FiveTuple} deleted: {Reason}")]
    public static partial void AllocationDeleted(this ILogger logger, string user, FiveTuple fiveTuple, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Allocation for {User} on {FiveTuple} permits peer {Peer}")]
    public static partial void PermissionInstalled(this ILogger logger, string user, FiveTuple fiveTuple, TransportAddress peer);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Allocation for {User} on {FiveTuple} bound channel 0x{Channel:X4} to {Peer}")]
    public static partial void ChannelBound(this ILogger logger, string user, FiveTuple fiveTuple, ushort channel, TransportAddress peer);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Allocation for {User} on {FiveTuple} was refused peer {Peer} by the peer address filter")]
    public static partial void PeerDenied(this ILogger logger, string user, FiveTuple fiveTuple, TransportAddress peer);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "{Method} request on {FiveTuple} rejected with {Code}")]
    public static partial void RequestRejected(this ILogger logger, StunMethod method, FiveTuple fiveTuple, int code);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Dropped a malformed packet on {FiveTuple}: {Error}")]
    public static partial void MalformedPacket(this ILogger logger, FiveTuple fiveTuple, StunDecodeError error);

    // One event for every socket call that fails while serving (sends, receives, accepts): the operation names which.
    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "{Operation} failed: {Error}")]
    public static partial void SocketOperationFailed(this ILogger logger, string operation, System.Net.Sockets.SocketError error);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "The {Protocol} listener on {EndPoint} failed to handle a packet; it keeps serving")]
    public static partial void PacketHandlingFailed(this ILogger logger, Exception exception, string protocol, System.Net.EndPoint endPoint);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Refusing TCP and TLS connections: {Limit} are open (Turn:MaxTcpConnections); logged again once the count has fallen a tenth below")]
    public static partial void TcpConnectionLimitReached(this ILogger logger, int limit);

    [LoggerMessage(EventId = 14, Level = LogLevel.Debug, Message = "Closed TCP connection {FiveTuple}: {Reason}")]
    public static partial void TcpConnectionClosed(this ILogger logger, FiveTuple fiveTuple, string reason);

    [LoggerMessage(EventId = 15, Level = LogLevel.Debug, Message = "Dropped a {Method} request on {FiveTuple}: over the unauthenticated response limit for its source")]
    public static partial void UnauthenticatedResponseDropped(this ILogger logger, StunMethod method, FiveTuple fiveTuple);

    [LoggerMessage(EventId = 16, Level = LogLevel.Debug, Message = "{Operation} failed: errno {Errno}")]
    public static partial void NativeCallFailed(this ILogger logger, string operation, int errno);

    [LoggerMessage(EventId = 17, Level = LogLevel.Error, Message = "The relay poller failed to forward a peer's datagram; it keeps serving")]
    public static partial void ForwardFailed(this ILogger logger, Exception exception);

    // Throttled (Abuse.Refusals): one message per reason every 10 s at most, counting the ones in between.
    [LoggerMessage(EventId = 18, Level = LogLevel.Information, Message = "{Method} on {FiveTuple} for grant '{Grant}' refused: {Reason} ({Unlogged} more refused for this reason since the last such message)")]
    public static partial void RequestRefused(this ILogger logger, StunMethod method, FiveTuple fiveTuple, string grant, string reason, long unlogged);

    // Information when it deleted allocations; Debug otherwise (every node hears of every seat that leaves).
    [LoggerMessage(EventId = 19, Message = "Grant '{Grant}' revoked ({Reason}): {Allocations} allocations deleted; its credentials are refused until {Until}")]
    public static partial void GrantRevoked(this ILogger logger, LogLevel level, string grant, string reason, int allocations, DateTimeOffset until);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "{Method} on {FiveTuple} refused with 403: the credential's grant '{Grant}' was revoked ({Reason}); further requests of the grant are only counted")]
    public static partial void RevokedGrantRefused(this ILogger logger, StunMethod method, FiveTuple fiveTuple, string grant, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "The grant policy failed for grant '{Grant}': {Problem}; the Allocate is refused with 500")]
    public static partial void GrantPolicyFailed(this ILogger logger, Exception? exception, string grant, string problem);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "A handler of UnconfirmedAllocation failed for grant '{Grant}'; its next allocation raises the event again")]
    public static partial void UnconfirmedAllocationHandlerFailed(this ILogger logger, Exception exception, string grant);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "Refusing TCP and TLS connections from {Address} ({Limit}: {PerAddress} per address, {IdlePerAddress} of them without an allocation); logged again once it holds none")]
    public static partial void TcpConnectionsFromAddressRefused(this ILogger logger, System.Net.IPAddress address, string limit, int perAddress, int idlePerAddress);

    [LoggerMessage(EventId = 24, Level = LogLevel.Debug, Message = "Refused TCP connection {FiveTuple}: {Limit}")]
    public static partial void TcpConnectionRefused(this ILogger logger, FiveTuple fiveTuple, string limit);
}
