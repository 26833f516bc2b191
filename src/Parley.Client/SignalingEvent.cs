using System.Net.WebSockets;
using Parley.Signaling.Contracts;

namespace Parley.Client;

/// <summary>
/// Something a <see cref="ParleyClient"/> heard or went through, in the order it happened: the server's events about
/// the room, and the client's own reconnects. Read them with <see cref="ParleyClient.ReadEventsAsync"/>, or through
/// the client's .NET events.
/// </summary>
public abstract record SignalingEvent;

/// <summary>A peer joined the room, or came back to its seat (<see cref="ReadyPeer.Resumed"/>).</summary>
/// <param name="Peer">The peer.</param>
public sealed record PeerReadyEvent(ReadyPeer Peer) : SignalingEvent;

/// <summary>A payload from another peer of the room.</summary>
/// <param name="Message">The payload, stamped with its sender.</param>
public sealed record DataReceivedEvent(DataMessage Message) : SignalingEvent;

/// <summary>A peer's connection dropped; its seat is held for it for the server's reconnect grace period.</summary>
/// <param name="Peer">The peer.</param>
public sealed record PeerReconnectingEvent(PeerInfo Peer) : SignalingEvent;

/// <summary>A peer left, or did not come back within the reconnect grace period.</summary>
/// <param name="Peer">The peer.</param>
public sealed record PeerLeftEvent(PeerInfo Peer) : SignalingEvent;

/// <summary>A call without an answer of its own (<c>Relay</c>) was refused.</summary>
/// <param name="Refusal">Which call, and why.</param>
public sealed record CallRefusedEvent(RefusedCall Refusal) : SignalingEvent;

/// <summary>
/// Fresh ICE servers for the seat's peer connections, sent before the TURN credentials of the seat expire; apply them
/// to every peer connection (a browser's <c>setConfiguration</c>).
/// </summary>
/// <param name="Servers">The ICE servers and transport policy.</param>
public sealed record IceServersRenewedEvent(IceServersResponse Servers) : SignalingEvent;

/// <summary>The client lost its connection, or was asked to move, and is reconnecting; calls fail until it is back.</summary>
/// <param name="Reason">Why.</param>
/// <param name="CloseStatus">The close code the server sent, if it sent one.</param>
/// <param name="Detail">What happened, for logs.</param>
public sealed record ReconnectingEvent(ReconnectReason Reason, WebSocketCloseStatus? CloseStatus, string Detail) : SignalingEvent;

/// <summary>
/// The client is connected again. If it held a seat, it sent <c>Resume</c> for it (after <c>Unlock</c> with its
/// passcode): <paramref name="Resume"/> is that answer; <see cref="JoinResult.Resumed"/> says whether the seat, and
/// with it the peer connections, were kept.
/// </summary>
/// <param name="Resume">The answer to the client's <c>Resume</c>, or null when it held no seat.</param>
public sealed record ReconnectedEvent(JoinResult? Resume) : SignalingEvent;

/// <summary>
/// The client stopped for good: it gave up reconnecting, or the server closed it for what it sent (close code 1008
/// after too many refused calls, 1009 for an oversized message, 1003 for a binary one).
/// </summary>
/// <param name="CloseStatus">The close code the server sent, if it sent one.</param>
/// <param name="Detail">Why, for logs.</param>
public sealed record ClosedEvent(WebSocketCloseStatus? CloseStatus, string Detail) : SignalingEvent;
