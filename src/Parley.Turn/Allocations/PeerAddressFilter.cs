using System.Net;
using System.Net.Sockets;
using Parley.Turn.Stun;

namespace Parley.Turn.Allocations;

/// <summary>
/// Decides which peers an allocation may relay to. By default every special-purpose range is refused
/// (RFC 8656 §21.2.2 lets a server restrict peers; relaying into loopback, private networks or cloud
/// metadata is the classic TURN SSRF). IPv4-mapped IPv6 addresses are checked as the IPv4 address they carry.
/// An explicit allow list wins over the deny list.
/// </summary>
internal sealed class PeerAddressFilter
{
    private static readonly string[] DefaultDenied =
    [
        // IPv4 special-purpose registry (RFC 6890 and updates).
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
        "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",

        // IPv6: unspecified, loopback, IPv4-compatible, IPv4-translated (RFC 2765), NAT64, discard, IETF protocol
        // assignments (incl. Teredo), documentation, 6to4, unique local, site-local, link-local, multicast.
        "::/128", "::1/128", "::/96", "::ffff:0:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23",
        "2001:db8::/32", "2002::/16", "fc00::/7", "fec0::/10", "fe80::/10", "ff00::/8",
    ];

    private readonly IPNetwork[] _allowed;
    private readonly IPNetwork[] _denied;

    public PeerAddressFilter(IEnumerable<string> allowed, IEnumerable<string> denied)
    {
        _allowed = [.. allowed.Select(Parse)];
        _denied = [.. DefaultDenied.Concat(denied).Select(Parse)];
    }

    public static bool TryParseRange(string text, out IPNetwork network)
    {
        if (IPAddress.TryParse(text, out IPAddress? single))
        {
            network = new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }

    public bool IsAllowed(TransportAddress peer)
    {
        IPAddress address = peer.ToIPAddress();
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return Contains(_allowed, address) || !Contains(_denied, address);
    }

    private static bool Contains(IPNetwork[] networks, IPAddress address)
    {
        foreach (IPNetwork network in networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPNetwork Parse(string text) =>
        TryParseRange(text, out IPNetwork network) ? network : throw new FormatException($"'{text}' is neither an IP address nor a CIDR range.");
}
