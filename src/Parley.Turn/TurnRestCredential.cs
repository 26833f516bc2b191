namespace Parley.Turn;

/// <summary>
/// An ephemeral TURN credential for a browser's <c>RTCIceServer</c>: put <see cref="Username"/> in
/// <c>username</c> and <see cref="Credential"/> in <c>credential</c>. It stops working at <see cref="ExpiresAt"/>.
/// </summary>
public sealed record TurnRestCredential(string Username, string Credential, DateTimeOffset ExpiresAt);
