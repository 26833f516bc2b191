using Microsoft.Extensions.Options;
using Parley.Signaling.Contracts;
using Parley.Turn.Auth;

namespace Parley.Signaling.IceServers;

/// <summary>
/// The ICE servers listed in configuration: fixed credentials as configured, and for servers with a shared secret
/// short-lived TURN REST credentials minted for each seat (<see cref="IceOptions.CredentialLifetime"/>), renewed
/// while the seat is held (<see cref="IceServerRenewal"/>).
/// </summary>
public sealed class ConfiguredIceServerProvider(IOptions<IceOptions> options, TimeProvider time) : IIceServerProvider
{
    private readonly IReadOnlyList<IceServerEntry> _entries = [.. options.Value.Servers];
    private readonly TimeSpan _lifetime = options.Value.CredentialLifetime;

    public IReadOnlyList<IceServer> GetIceServers(string grant, string? requestHost)
    {
        var servers = new IceServer[_entries.Count];
        for (var i = 0; i < servers.Length; i++)
        {
            var entry = _entries[i];
            if (entry.SharedSecret is { } secret)
            {
                var credential = TurnRestCredentials.Create(secret, grant, _lifetime, time);
                servers[i] = new IceServer([.. entry.Urls], credential.Username, credential.Credential);
            }
            else
            {
                servers[i] = new IceServer([.. entry.Urls], entry.Username, entry.Credential);
            }
        }

        return servers;
    }
}
