using Microsoft.Extensions.Options;
using Parley.Signaling.Contracts;
using Parley.Turn.Auth;

namespace Parley.Signaling.IceServers;

/// <summary>
/// The ICE servers listed in configuration: fixed credentials as configured, and for servers with a shared secret
/// short-lived TURN REST credentials minted for each client.
/// </summary>
public sealed class ConfiguredIceServerProvider(IOptions<IceOptions> options, TimeProvider time) : IIceServerProvider
{
    /// <summary>How long minted credentials for an external TURN server stay valid: a call needs them throughout.</summary>
    public static readonly TimeSpan CredentialLifetime = TimeSpan.FromHours(24);

    private readonly IReadOnlyList<IceServerEntry> _entries = [.. options.Value.Servers];

    public IReadOnlyList<IceServer> GetIceServers(string subject, string? requestHost)
    {
        var servers = new IceServer[_entries.Count];
        for (var i = 0; i < servers.Length; i++)
        {
            var entry = _entries[i];
            if (entry.SharedSecret is { } secret)
            {
                var credential = TurnRestCredentials.Create(secret, subject, CredentialLifetime, time);
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
