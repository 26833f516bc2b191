namespace Parley.Signaling.Contracts;

/// <summary>
/// The answer to <c>Join</c>, <c>Rejoin</c> and <c>Resume</c>; when <see cref="SignalingResult.Error"/> is set, the
/// other fields are null or empty (but for <c>room-full</c>'s <see cref="Capacity"/>) and nothing changed on the server.
/// </summary>
/// <param name="Error">Why the call was refused, or null when it seated the caller.</param>
/// <param name="PeerId">The caller's id in the room, as the other peers see it.</param>
/// <param name="ResumeToken">
/// A secret for the caller alone: <c>Rejoin</c> or <c>Resume</c> with it takes this seat back after a reload or a
/// dropped connection.
/// </param>
/// <param name="Room">The room joined.</param>
/// <param name="Capacity">How many peers the room holds.</param>
/// <param name="Peers">The peers already in the room, oldest first.</param>
/// <param name="IceServers">The ICE servers for the caller's peer connections, with credentials of its own.</param>
/// <param name="IceTransportPolicy"><c>all</c>, or <c>relay</c> when every call must go through TURN.</param>
/// <param name="Resumed">Whether the resume token got the caller its previous seat and peer id back.</param>
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
    /// <summary>A refused join: only <paramref name="error"/> is set.</summary>
    /// <param name="error">Why the join was refused.</param>
    /// <returns>The answer to send.</returns>
    public static JoinResult Rejected(SignalingError error) => new(error, null, null, null, 0, [], [], null, false);
}
