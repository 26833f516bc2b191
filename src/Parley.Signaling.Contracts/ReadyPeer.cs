namespace Parley.Signaling.Contracts;

/// <summary>The <c>Ready</c> event: a peer joined the room, or came back to its seat.</summary>
/// <param name="PeerId">Its id in the room.</param>
/// <param name="Username">Its name as it joined.</param>
/// <param name="Resumed">
/// True when it resumed its held seat and kept its peer connection (<c>Resume</c>): the others keep theirs with it
/// too instead of negotiating a new one.
/// </param>
public sealed record ReadyPeer(string PeerId, string Username, bool Resumed);
