namespace Parley.Signaling.Contracts;

/// <summary>
/// The argument of <c>Ready</c>: a peer that joined, or came back. <paramref name="Resumed"/> is true when it resumed
/// its held seat and kept its peer connection, so the others keep theirs too instead of negotiating a new one.
/// </summary>
public sealed record ReadyPeer(string PeerId, string Username, bool Resumed);
