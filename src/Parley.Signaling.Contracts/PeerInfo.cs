namespace Parley.Signaling.Contracts;

/// <summary>A peer as the other peers see it: in a <c>JoinResult</c>, and with <c>PeerReconnecting</c> and <c>PeerLeft</c>.</summary>
/// <param name="PeerId">Its id in the room.</param>
/// <param name="Username">Its name as it joined.</param>
public sealed record PeerInfo(string PeerId, string Username);
