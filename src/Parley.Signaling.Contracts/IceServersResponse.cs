namespace Parley.Signaling.Contracts;

/// <summary>
/// The body of <c>GET /api/ice-servers</c> (STUN only) and <c>GET /api/ice-servers/probe</c> (a diagnostics
/// relay test's), and the argument of the <c>IceServers</c> event (a seat's renewed list).
/// </summary>
/// <param name="IceServers">The ICE servers a peer connection uses.</param>
/// <param name="IceTransportPolicy"><c>all</c>, or <c>relay</c> when every call must go through TURN.</param>
public sealed record IceServersResponse(IReadOnlyList<IceServer> IceServers, string IceTransportPolicy);
