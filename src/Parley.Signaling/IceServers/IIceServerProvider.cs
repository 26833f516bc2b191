using Parley.Signaling.Contracts;

namespace Parley.Signaling.IceServers;

/// <summary>Builds the ICE server list for one client; credentials may be minted per call.</summary>
public interface IIceServerProvider
{
    /// <param name="grant">
    /// Whom the TURN credentials are for (a seat's <see cref="Seats.SeatGrant"/>): the grant of the TURN REST user
    /// names minted, by which a TURN server counts quotas and revokes.
    /// </param>
    /// <param name="requestHost">
    /// The host name or address the client reached Parley by, so Parley's own TURN can be named the same way.
    /// </param>
    IReadOnlyList<IceServer> GetIceServers(string grant, string? requestHost);
}
