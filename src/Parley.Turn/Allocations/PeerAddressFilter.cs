using System.Net;
using System.Net.Sockets;
using Parley.Turn.Stun;

namespace Parley.Turn.Allocations;

/// <summary>
/// Decides which peers an allocation may relay to (RFC 8656 §21.2.2 lets a server restrict peers; relaying into
/// loopback, private networks or cloud metadata is the classic TURN SSRF). In order:
/// <list type="number">
/// <item>The node's own addresses (<see cref="OwnAddresses"/>) only at a port where one of its relays listens, so
/// two callers of one node still reach each other's relayed addresses, and nothing else on the node is reached.</item>
/// <item>Cloud platforms' metadata and service addresses: never.</item>
/// <item>Every special-purpose range and the configured deny list: refused, unless the allow list covers them.</item>
/// </list>
/// An allow entry naming one address exactly also opens it where rules 1 and 2 refuse it; an allowed range does not,
/// so allowing a LAN does not open the node's own services on it. IPv4-mapped IPv6 addresses are checked as the
/// IPv4 address they carry.
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

    // Reachable from inside a cloud VM only, and never a WebRTC peer. Some sit in public space (Azure's WireServer),
    // the rest inside special-purpose ranges an operator might allow (100.64.0.0/10 for a CGNAT-style overlay).
    private static readonly string[] PlatformServices =
    [
        "168.63.129.16", // Azure WireServer: platform DNS, health probes, VM agent
        "169.254.169.254", // instance metadata: AWS, Azure, GCP, Oracle, DigitalOcean, Hetzner, OpenStack
        "169.254.169.253", // AWS VPC DNS resolver
        "169.254.169.123", // AWS Time Sync
        "169.254.170.2", // AWS ECS task metadata and credentials
        "169.254.170.23", // AWS EKS Pod Identity credentials
        "169.254.0.23", // Tencent Cloud metadata
        "100.100.100.200", // Alibaba Cloud metadata
        "169.254.42.42", // Scaleway metadata
        "192.0.0.192", // Oracle Cloud Classic metadata
        "fd00:ec2::254", // AWS instance metadata over IPv6
        "fd00:ec2::253", // AWS DNS resolver over IPv6
        "fd00:ec2::123", // AWS Time Sync over IPv6
        "fd00:ec2::23", // AWS EKS Pod Identity over IPv6
    ];

    private readonly IPNetwork[] _allowed;
    private readonly IPNetwork[] _denied;
    private readonly TransportAddress[] _named;
    private readonly TransportAddress[] _platformServices;
    private readonly OwnAddresses _own;
    private readonly Func<TransportAddress, bool> _isRelayPort;

    /// <param name="allowed">Addresses and ranges allowed despite the deny list (<see cref="TurnServerOptions.AllowedPeerAddresses"/>).</param>
    /// <param name="denied">Addresses and ranges refused beyond the built-in list.</param>
    /// <param name="own">The node's own addresses.</param>
    /// <param name="isRelayPort">Whether one of the node's relay sockets listens on the address's family and port.</param>
    public PeerAddressFilter(IEnumerable<string> allowed, IEnumerable<string> denied, OwnAddresses own, Func<TransportAddress, bool> isRelayPort)
    {
        _allowed = [.. allowed.Select(Parse)];
        _denied = [.. DefaultDenied.Concat(denied).Select(Parse)];
        _named = [.. _allowed.Where(IsSingleAddress).Select(n => TransportAddress.FromIPAddress(n.BaseAddress))];
        _platformServices = [.. PlatformServices.Select(IPAddress.Parse).Select(TransportAddress.FromIPAddress)];
        _own = own;
        _isRelayPort = isRelayPort;
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

    /// <summary>The full check, made when a permission or channel is asked for (CreatePermission, ChannelBind).</summary>
    public bool IsAllowed(TransportAddress peer)
    {
        peer = peer.Unmapped;
        if (_own.Contains(peer))
        {
            return _isRelayPort(peer) || IsNamed(peer);
        }

        if (_platformServices.AsSpan().Contains(peer.WithoutPort))
        {
            return IsNamed(peer);
        }

        IPAddress address = peer.ToIPAddress();
        return Contains(_allowed, address) || !Contains(_denied, address);
    }

    /// <summary>
    /// The check for each Send indication, whose permission (RFC 8656 §9: an IP address, any port) was granted by
    /// <see cref="IsAllowed"/>: on the node's own addresses, only its relays' ports. Allocates nothing.
    /// </summary>
    public bool MayRelayTo(TransportAddress peer)
    {
        peer = peer.Unmapped;
        return !_own.Contains(peer) || _isRelayPort(peer) || IsNamed(peer);
    }

    private bool IsNamed(TransportAddress peer) => _named.AsSpan().Contains(peer.WithoutPort);

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

    private static bool IsSingleAddress(IPNetwork network) =>
        network.PrefixLength == (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);

    private static IPNetwork Parse(string text) =>
        TryParseRange(text, out IPNetwork network) ? network : throw new FormatException($"'{text}' is neither an IP address nor a CIDR range.");
}
