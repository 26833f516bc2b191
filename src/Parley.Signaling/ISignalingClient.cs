using Parley.Signaling.Contracts;

namespace Parley.Signaling;

/// <summary>The events a client receives, whichever node sends them; <see cref="SignalingClients"/> finds a connection's.</summary>
public interface ISignalingClient
{
    /// <summary>A peer joined the room and is ready to negotiate, or resumed its seat (<see cref="ReadyPeer.Resumed"/>).</summary>
    Task Ready(ReadyPeer peer);

    /// <summary>A payload from another peer of the room.</summary>
    Task Data(DataMessage message);

    /// <summary>A peer's connection dropped; its seat is held for it until the reconnect grace period ends.</summary>
    Task PeerReconnecting(PeerInfo peer);

    /// <summary>A peer left the room, hung up, or did not come back within the reconnect grace period.</summary>
    Task PeerLeft(PeerInfo peer);

    /// <summary>A <c>Relay</c> of this connection was refused (it answers nothing when it succeeds).</summary>
    Task Refused(RefusedCall refusal);

    /// <summary>Fresh ICE servers for the seat's peer connections, before the TURN credentials it has expire.</summary>
    Task IceServers(IceServersResponse servers);

    /// <summary>This node is shutting down: reconnect (through the load balancer, to another node) and resume.</summary>
    Task Reconnect();
}
