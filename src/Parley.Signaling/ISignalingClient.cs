using Parley.Signaling.Contracts;

namespace Parley.Signaling;

/// <summary>The events a client receives from <see cref="SignalingHub"/>.</summary>
public interface ISignalingClient
{
    /// <summary>A peer joined the room and is ready to negotiate.</summary>
    Task Ready(PeerInfo peer);

    /// <summary>A payload from another peer of the room.</summary>
    Task Data(DataMessage message);

    /// <summary>A peer left the room, hung up or lost its connection.</summary>
    Task PeerLeft(PeerInfo peer);

    /// <summary>This node is shutting down: reconnect (through the load balancer, to another node) and rejoin.</summary>
    Task Reconnect();
}
