using Parley.Signaling.Contracts;

namespace Parley.Signaling.IceServers;

/// <summary>Builds the ICE server list for one client; credentials may be minted per call.</summary>
public interface IIceServerProvider
{
    /// <param name="subject">Who the list is for (a peer id), for servers that issue per-user credentials.</param>
    IReadOnlyList<IceServer> GetIceServers(string subject);
}
