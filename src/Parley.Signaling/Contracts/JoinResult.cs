namespace Parley.Signaling.Contracts;

/// <summary>
/// The answer to <c>Join</c>, <c>Rejoin</c> and <c>Resume</c>; on error only <see cref="SignalingResult.Error"/> is set.
/// <see cref="Resumed"/> says the resume token got the caller its previous seat and peer id back.
/// </summary>
public sealed record JoinResult(
    SignalingError? Error,
    string? PeerId,
    string? ResumeToken,
    string? Room,
    int Capacity,
    IReadOnlyList<PeerInfo> Peers,
    IReadOnlyList<IceServer> IceServers,
    string? IceTransportPolicy,
    bool Resumed) : SignalingResult(Error)
{
    public static JoinResult Rejected(SignalingError error) => new(error, null, null, null, 0, [], [], null, false);
}
