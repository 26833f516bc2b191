using Microsoft.Extensions.Options;
using Parley.Signaling.Contracts;

namespace Parley.Signaling.IceServers;

/// <summary>The ICE servers listed in configuration, the same for every client.</summary>
public sealed class ConfiguredIceServerProvider(IOptions<IceOptions> options) : IIceServerProvider
{
    private readonly IReadOnlyList<IceServer> _servers =
        [.. options.Value.Servers.Select(s => new IceServer([.. s.Urls], s.Username, s.Credential))];

    public IReadOnlyList<IceServer> GetIceServers(string subject, string? requestHost) => _servers;
}
