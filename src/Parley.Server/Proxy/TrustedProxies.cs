using System.Net;
using Microsoft.Extensions.Options;

namespace Parley.Server.Proxy;

/// <summary>Whether a connection's peer is one of the reverse proxies of <see cref="ProxyOptions.TrustedNetworks"/>.</summary>
internal sealed class TrustedProxies(IOptions<ProxyOptions> options)
{
    private readonly IReadOnlyList<IPNetwork> _networks = options.Value.Networks();

    public bool Any => _networks.Count > 0;

    public IReadOnlyList<IPNetwork> Networks => _networks;

    public bool Contains(IPAddress? address)
    {
        if (address is null || _networks.Count == 0)
        {
            return false;
        }

        // A dual-stack listener reports an IPv4 peer as ::ffff:a.b.c.d; operators write a.b.c.d.
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
