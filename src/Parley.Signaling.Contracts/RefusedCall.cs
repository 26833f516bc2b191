namespace Parley.Signaling.Contracts;

/// <summary>
/// The <c>Refused</c> event: a call that has no answer of its own (<c>Relay</c>), or a message that could not be
/// read as a call with an id, was refused.
/// </summary>
/// <param name="Method">The call's name (<c>Relay</c>), or empty when none could be read.</param>
/// <param name="Error">Why it was refused.</param>
public sealed record RefusedCall(string Method, SignalingError Error);
