namespace Parley.Signaling.Contracts;

/// <summary>A peer as other peers see it; sent with <c>Ready</c> and <c>PeerLeft</c>.</summary>
public sealed record PeerInfo(string PeerId, string Username);
