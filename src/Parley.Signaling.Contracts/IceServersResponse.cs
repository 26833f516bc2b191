namespace Parley.Signaling.Contracts;

/// <summary>The body of <c>GET /api/ice-servers</c>.</summary>
/// <param name="IceServers">The ICE servers a peer connection uses, the same list <c>Join</c> answers with.</param>
/// <param name="IceTransportPolicy"><c>all</c>, or <c>relay</c> when every call must go through TURN.</param>
public sealed record IceServersResponse(IReadOnlyList<IceServer> IceServers, string IceTransportPolicy);
