namespace Parley.Signaling.Contracts;

/// <summary>The <c>Refused</c> event: a call that has no answer of its own (<c>Relay</c>) was refused.</summary>
public sealed record RefusedCall(string Method, SignalingError Error);
