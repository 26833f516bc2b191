using Parley.Signaling.Contracts;

namespace Parley.Signaling.IceServers;

/// <summary>Builds the ICE server list for one client; credentials may be minted per call.</summary>
public interface IIceServerProvider
{
    /// <param name="subject">Who the list is for (a peer id), for servers that issue per-user credentials.</param>
    /// <param name="requestHost">
    /// The host name or address the client reached Parley by, so Parley's own TURN can be named the same way.
    /// </param>
    IReadOnlyList<IceServer> GetIceServers(string subject, string? requestHost);
}
