namespace Parley.Signaling.Contracts;

/// <summary>The names of the events the server sends a client (the <c>event</c> of a message).</summary>
public static class SignalingEvents
{
    /// <summary>A peer joined the room or came back to its seat; the argument is a <see cref="ReadyPeer"/>.</summary>
    public const string Ready = "Ready";

    /// <summary>A payload from another peer; the argument is a <see cref="DataMessage"/>.</summary>
    public const string Data = "Data";

    /// <summary>A peer's connection dropped and its seat is held; the argument is a <see cref="PeerInfo"/>.</summary>
    public const string PeerReconnecting = "PeerReconnecting";

    /// <summary>A peer left, or did not come back in time; the argument is a <see cref="PeerInfo"/>.</summary>
    public const string PeerLeft = "PeerLeft";

    /// <summary>A call without an answer of its own was refused; the argument is a <see cref="RefusedCall"/>.</summary>
    public const string Refused = "Refused";

    /// <summary>
    /// Fresh ICE servers for the caller's peer connections, sent before its TURN credentials expire; the argument is
    /// an <see cref="IceServersResponse"/>. Apply them to every peer connection (<c>setConfiguration</c>).
    /// </summary>
    public const string IceServers = "IceServers";

    /// <summary>The server is shutting down: reconnect (to another node) and resume. No argument.</summary>
    public const string Reconnect = "Reconnect";
}
