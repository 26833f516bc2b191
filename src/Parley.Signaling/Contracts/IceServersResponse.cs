namespace Parley.Signaling.Contracts;

/// <summary>The body of <c>GET /api/ice-servers</c>.</summary>
public sealed record IceServersResponse(IReadOnlyList<IceServer> IceServers, string IceTransportPolicy);
