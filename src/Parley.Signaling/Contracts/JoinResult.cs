namespace Parley.Signaling.Contracts;

/// <summary>The answer to <c>Join</c> and <c>Rejoin</c>; on error only <see cref="SignalingResult.Error"/> is set.</summary>
public sealed record JoinResult(
    SignalingError? Error,
    string? PeerId,
    string? ResumeToken,
    string? Room,
    int Capacity,
    IReadOnlyList<PeerInfo> Peers,
    IReadOnlyList<IceServer> IceServers,
    string? IceTransportPolicy) : SignalingResult(Error)
{
    public static JoinResult Rejected(SignalingError error) => new(error, null, null, null, 0, [], [], null);
}
