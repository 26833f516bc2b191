using System.Net;
using System.Net.Sockets;
using Parley.Turn.Allocations;
using Parley.Turn.Transports;

namespace Parley.Turn;

/// <summary>
/// Configuration of the embedded STUN/TURN server, bindable from a configuration section (for example
/// <c>Turn</c>). Validated by <see cref="TurnServer"/>'s constructor; <see cref="Validate"/> lists the problems.
/// Lists default to empty so that configuration binding, which appends to lists, does not merge with defaults.
/// </summary>
public sealed class TurnServerOptions
{
    /// <summary>The IANA port for STUN and TURN over UDP and TCP. RFC 8489 §18.</summary>
    public const int DefaultPort = 3478;

    /// <summary>Default of <see cref="UdpReceiveBufferBytes"/>: 4 MiB.</summary>
    public const int DefaultUdpReceiveBufferBytes = 4 * 1024 * 1024;

    /// <summary>Default of <see cref="RelayReceiveBufferBytes"/>: 1 MiB.</summary>
    public const int DefaultRelayReceiveBufferBytes = 1024 * 1024;

    /// <summary>Most <see cref="UdpListenerThreads"/> accepted.</summary>
    public const int MaxUdpListenerThreads = 64;

    /// <summary>Smallest <see cref="UdpReceiveBufferBytes"/> accepted: 64 KiB, one datagram of the largest size.</summary>
    public const int MinUdpReceiveBufferBytes = 64 * 1024;

    /// <summary>
    /// Default of <see cref="MaxAllocationsPerUser"/>: 48, one browser in an 8-person mesh room. It keeps 7 peer
    /// connections, each allocating on up to 3 TURN transports (UDP, TCP, TLS): 21 allocations, twice that while an
    /// ICE restart's new allocations overlap the old ones (42), and some to spare.
    /// </summary>
    public const int DefaultMaxAllocationsPerUser = 48;

    /// <summary>
    /// Default of <see cref="MaxAllocationsPerClientAddress"/>: 144, a household of three people behind one address in
    /// the same 8-person room, each with the <see cref="DefaultMaxAllocationsPerUser"/> one browser needs.
    /// </summary>
    public const int DefaultMaxAllocationsPerClientAddress = 3 * DefaultMaxAllocationsPerUser;

    /// <summary>
    /// Default of <see cref="MaxAllocationBandwidth"/>: 1,250,000 bytes/s (10 Mbit/s) per direction. One allocation carries
    /// one peer connection: a 1080p screen share (Chrome's encoder caps 1080p video at 2.5 Mbit/s) with audio and
    /// retransmissions stays under 4 Mbit/s, so the cap leaves more than twice that as headroom, and its one-second
    /// burst (1.25 MB) takes a full-screen key frame. A relayed file transfer runs at up to 1.25 MB/s.
    /// </summary>
    public const long DefaultMaxAllocationBandwidth = 1_250_000;

    /// <summary>IP addresses to listen on (UDP and TCP). Empty means <c>0.0.0.0</c>. Add <c>::</c> for IPv6 clients.</summary>
    public List<string> ListenAddresses { get; set; } = [];

    /// <summary>UDP port; 0 picks an ephemeral port (see <see cref="TurnServer.UdpEndPoints"/>). Default 3478.</summary>
    public int UdpPort { get; set; } = DefaultPort;

    /// <summary>TCP port; 0 picks an ephemeral port (see <see cref="TurnServer.TcpEndPoints"/>). Default 3478.</summary>
    public int TcpPort { get; set; } = DefaultPort;

    public bool EnableUdp { get; set; } = true;

    public bool EnableTcp { get; set; } = true;

    /// <summary>
    /// The IPv4 address relay sockets bind to. Required unless <see cref="ListenAddresses"/> holds a specific IPv4
    /// address, which is then used. Null disables IPv4 relays only when <see cref="RelayIPv6Address"/> is set.
    /// </summary>
    public string? RelayAddress { get; set; }

    /// <summary>The IPv4 address told to clients in XOR-RELAYED-ADDRESS when it differs from <see cref="RelayAddress"/> (1:1 NAT).</summary>
    public string? RelayPublicAddress { get; set; }

    /// <summary>The IPv6 address for IPv6 relays (REQUESTED-ADDRESS-FAMILY / ADDITIONAL-ADDRESS-FAMILY); null turns them off.</summary>
    public string? RelayIPv6Address { get; set; }

    /// <summary>Lowest relay port. RFC 8656 §7.2 suggests the dynamic range 49152-65535. 0 and 0 means ephemeral ports.</summary>
    public int RelayPortMin { get; set; } = 49152;

    /// <summary>Highest relay port.</summary>
    public int RelayPortMax { get; set; } = 65535;

    /// <summary>The REALM of the long-term credential mechanism. RFC 8489 §9.2.</summary>
    public string Realm { get; set; } = "parley";

    /// <summary>TURN REST shared secrets; any of them is accepted, so secrets can be rotated. Use <see cref="Auth.TurnRestCredentials"/> to mint credentials.</summary>
    public List<string> SharedSecrets { get; set; } = [];

    /// <summary>Fixed user name / password pairs (tests, turnutils). No user exists by default.</summary>
    public Dictionary<string, string> StaticUsers { get; set; } = [];

    /// <summary>How long a NONCE is accepted before 438 (Stale Nonce). Default 10 minutes.</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Lifetime of an allocation when the client asks for less or nothing. RFC 8656 §2.2: 10 minutes.</summary>
    public TimeSpan DefaultAllocationLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest lifetime granted to an allocation per request. Default 1 hour.</summary>
    public TimeSpan MaxAllocationLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Allocations on the whole server; more draw 486 (Allocation Quota Reached).</summary>
    public int MaxAllocations { get; set; } = 10_000;

    /// <summary>
    /// Allocations per user; more draw 486. RFC 8656 §21.3.1. The user is the credential's grant: the part of a TURN REST
    /// user name after the expiry (a static user's whole name), so a credential fetched again, with a new expiry, does
    /// not bring a fresh quota. The host may set other limits per grant (<see cref="Grants.ITurnGrantPolicy"/>).
    /// Default <see cref="DefaultMaxAllocationsPerUser"/> (48).
    /// </summary>
    public int MaxAllocationsPerUser { get; set; } = DefaultMaxAllocationsPerUser;

    /// <summary>
    /// Allocations per client IPv4 address or IPv6 /64, whatever the credentials (an IPv4-mapped IPv6 address counts as
    /// its IPv4 address); more draw 486, so one address cannot take the server's allocations from everyone else.
    /// Default <see cref="DefaultMaxAllocationsPerClientAddress"/> (144). Raise it when many callers share one
    /// address (a large office behind one NAT address).
    /// </summary>
    public int MaxAllocationsPerClientAddress { get; set; } = DefaultMaxAllocationsPerClientAddress;

    /// <summary>Permissions (peer IP addresses) per allocation; more draw 508 (Insufficient Capacity).</summary>
    public int MaxPermissionsPerAllocation { get; set; } = 100;

    /// <summary>Channel bindings per allocation; more draw 508.</summary>
    public int MaxChannelsPerAllocation { get; set; } = 100;

    /// <summary>
    /// Also accept channel numbers 0x5000-0x7FFE, as RFC 5766 did. RFC 8656 §12 narrowed channels to 0x4000-0x4FFF
    /// (browsers use the low end); coturn 4.6's <c>turnutils_uclient</c> still picks from the old range. Default false.
    /// </summary>
    public bool AllowRfc5766ChannelNumbers { get; set; }

    /// <summary>
    /// Answers per second to unauthenticated UDP requests (Binding, 401 challenges, other errors before
    /// authentication) per source IPv4 address or IPv6 /64; beyond it requests are dropped unanswered, so the server
    /// cannot be used to reflect traffic at a spoofed victim. 0 turns the limit off. Default 50: a whole office
    /// behind one NAT address shares it, each browser sending a STUN keepalive every 10 s or so during its calls.
    /// </summary>
    public int UnauthenticatedResponsesPerSecond { get; set; } = 50;

    /// <summary>Answers a quiet source may get at once before <see cref="UnauthenticatedResponsesPerSecond"/> applies. Default 100.</summary>
    public int UnauthenticatedResponseBurst { get; set; } = 100;

    /// <summary>
    /// Relayed payload bytes per second per allocation and direction; datagrams beyond it are dropped (UDP has no
    /// back-pressure). Bursts of up to one second's worth pass. 0 means no cap. Default
    /// <see cref="DefaultMaxAllocationBandwidth"/> (1,250,000, 10 Mbit/s), so a relay is no free proxy for bulk traffic.
    /// </summary>
    public long MaxAllocationBandwidth { get; set; } = DefaultMaxAllocationBandwidth;

    /// <summary>
    /// Concurrent stream client connections, plain TCP and TLS (handed over by the host) together, so that TURN cannot
    /// take the descriptors the rest of the process needs; further connections are closed at once.
    /// </summary>
    public int MaxTcpConnections { get; set; } = 5_000;

    /// <summary>
    /// Concurrent stream connections per client IPv4 address or IPv6 /64, so one address cannot take them all.
    /// Default 200: a dozen browsers behind one NAT address, each with a TCP and a TLS connection per peer connection.
    /// </summary>
    public int MaxTcpConnectionsPerAddress { get; set; } = 200;

    /// <summary>
    /// Of those, the connections that hold no allocation (yet): browsers allocate within a round trip or two of
    /// connecting, so many idle ones from one address are someone holding descriptors. Default 64.
    /// </summary>
    public int MaxIdleTcpConnectionsPerAddress { get; set; } = 64;

    /// <summary>
    /// How long a stream connection may hold no allocation before it is closed: one that says nothing, or only STUN,
    /// holds nothing for longer. Default 10 seconds.
    /// </summary>
    public TimeSpan TcpAllocationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Receiving sockets (each with its own thread) per UDP listen address, sharing the port through SO_REUSEPORT
    /// (Linux; elsewhere always one). The kernel keeps each client on one of them, so a client's datagrams stay in
    /// order. 0 (the default) means one per processor core.
    /// </summary>
    public int UdpListenerThreads { get; set; }

    /// <summary>
    /// Receive buffer of each UDP listener socket in bytes: it holds clients' datagrams while the thread is busy
    /// (a full one drops them). The kernel caps it at <c>net.core.rmem_max</c>. Default 4 MiB.
    /// </summary>
    public int UdpReceiveBufferBytes { get; set; } = DefaultUdpReceiveBufferBytes;

    /// <summary>
    /// Receive buffer of each relay socket in bytes: it holds a peer's datagrams while the relay thread serves other
    /// allocations (a full one drops them). Memory is only used while datagrams wait. The kernel caps it at
    /// <c>net.core.rmem_max</c>. Default 1 MiB; 0 keeps the system default (<c>net.core.rmem_default</c>).
    /// </summary>
    public int RelayReceiveBufferBytes { get; set; } = DefaultRelayReceiveBufferBytes;

    /// <summary>
    /// Peer addresses or CIDR ranges relaying is allowed to even though the default deny list covers them
    /// (for example <c>127.0.0.1</c> in tests, or a private media server). Allow wins over deny.
    /// </summary>
    public List<string> AllowedPeerAddresses { get; set; } = [];

    /// <summary>Extra peer addresses or CIDR ranges to refuse with 403, on top of the built-in special-purpose ranges.</summary>
    public List<string> DeniedPeerAddresses { get; set; } = [];

    /// <summary>The SOFTWARE attribute in responses; null (the default) sends none, to avoid disclosing the version. RFC 8489 §16.1.2.</summary>
    public string? Software { get; set; }

    /// <summary>Every configuration problem, each as a sentence naming the property; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        // Both listeners may be off: a host can still hand the server streams it accepted (TURN over TLS).
        var errors = new List<string>();
        foreach (string address in ListenAddresses)
        {
            if (!IPAddress.TryParse(address, out _))
            {
                errors.Add($"ListenAddresses: '{address}' is not an IP address.");
            }
        }

        CheckPort(errors, nameof(UdpPort), UdpPort);
        CheckPort(errors, nameof(TcpPort), TcpPort);
        CheckRelay(errors);
        CheckPositive(errors, nameof(NonceLifetime), NonceLifetime);
        CheckPositive(errors, nameof(DefaultAllocationLifetime), DefaultAllocationLifetime);
        if (MaxAllocationLifetime < DefaultAllocationLifetime)
        {
            errors.Add("MaxAllocationLifetime must not be shorter than DefaultAllocationLifetime.");
        }

        if (string.IsNullOrWhiteSpace(Realm))
        {
            errors.Add("Realm must not be empty.");
        }

        if (SharedSecrets.Any(string.IsNullOrEmpty))
        {
            errors.Add("SharedSecrets must not contain empty secrets.");
        }

        CheckCount(errors, nameof(MaxAllocations), MaxAllocations);
        CheckCount(errors, nameof(MaxAllocationsPerUser), MaxAllocationsPerUser);
        CheckCount(errors, nameof(MaxAllocationsPerClientAddress), MaxAllocationsPerClientAddress);
        CheckCount(errors, nameof(MaxPermissionsPerAllocation), MaxPermissionsPerAllocation);
        CheckCount(errors, nameof(MaxChannelsPerAllocation), MaxChannelsPerAllocation);
        CheckCount(errors, nameof(MaxTcpConnections), MaxTcpConnections);
        CheckCount(errors, nameof(MaxTcpConnectionsPerAddress), MaxTcpConnectionsPerAddress);
        CheckCount(errors, nameof(MaxIdleTcpConnectionsPerAddress), MaxIdleTcpConnectionsPerAddress);
        if (TcpAllocationTimeout <= TimeSpan.Zero || TcpAllocationTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"TcpAllocationTimeout must be more than 0 and at most 10 minutes, not {TcpAllocationTimeout}.");
        }

        if (UdpListenerThreads is < 0 or > MaxUdpListenerThreads)
        {
            errors.Add($"UdpListenerThreads must be 0 (one per core) to {MaxUdpListenerThreads}, not {UdpListenerThreads}.");
        }

        if (UdpReceiveBufferBytes < MinUdpReceiveBufferBytes)
        {
            errors.Add($"UdpReceiveBufferBytes must be at least {MinUdpReceiveBufferBytes} (64 KiB), not {UdpReceiveBufferBytes}.");
        }

        if (RelayReceiveBufferBytes != 0 && RelayReceiveBufferBytes < MinUdpReceiveBufferBytes)
        {
            errors.Add($"RelayReceiveBufferBytes must be 0 (the system default) or at least {MinUdpReceiveBufferBytes} (64 KiB), not {RelayReceiveBufferBytes}.");
        }
        if (UnauthenticatedResponsesPerSecond < 0 || UnauthenticatedResponseBurst < 1)
        {
            errors.Add("UnauthenticatedResponsesPerSecond must be 0 (off) or more, and UnauthenticatedResponseBurst at least 1.");
        }

        if (MaxAllocationBandwidth < 0)
        {
            errors.Add($"MaxAllocationBandwidth must be 0 (no cap) or a number of bytes per second, not {MaxAllocationBandwidth}.");
        }

        foreach (string range in AllowedPeerAddresses.Concat(DeniedPeerAddresses))
        {
            if (!PeerAddressFilter.TryParseRange(range, out _))
            {
                errors.Add($"AllowedPeerAddresses/DeniedPeerAddresses: '{range}' is neither an IP address nor a CIDR range.");
            }
        }

        if (Software is { Length: >= 128 })
        {
            errors.Add("Software must be shorter than 128 characters (RFC 8489 §14.14).");
        }

        return errors;
    }

    /// <summary>
    /// The socket calls the server uses: the batched Linux path where it can run (the default), or the portable one that
    /// runs everywhere else. Not a setting for users; tests run the relay on both paths.
    /// </summary>
    internal IoPath IoPath { get; set; }

    /// <summary>The IPv4 relay bind address: <see cref="RelayAddress"/>, else the first specific IPv4 listen address.</summary>
    internal IPAddress? ResolveRelayIPv4Address()
    {
        if (RelayAddress is not null)
        {
            return IPAddress.TryParse(RelayAddress, out IPAddress? relay) ? relay : null;
        }

        return ListenAddresses
            .Select(text => IPAddress.TryParse(text, out IPAddress? address) ? address : null)
            .FirstOrDefault(address => address is { AddressFamily: AddressFamily.InterNetwork } && !address.Equals(IPAddress.Any));
    }

    /// <summary>The UDP receiving threads per listen address: <see cref="UdpListenerThreads"/>, or one per core for 0.</summary>
    internal int ResolveUdpListenerThreads() => UdpListenerThreads > 0 ? UdpListenerThreads : Environment.ProcessorCount;

    internal TurnServerOptions Clone()
    {
        var clone = (TurnServerOptions)MemberwiseClone();
        clone.ListenAddresses = [.. ListenAddresses];
        clone.SharedSecrets = [.. SharedSecrets];
        clone.StaticUsers = new Dictionary<string, string>(StaticUsers);
        clone.AllowedPeerAddresses = [.. AllowedPeerAddresses];
        clone.DeniedPeerAddresses = [.. DeniedPeerAddresses];
        return clone;
    }

    private void CheckRelay(List<string> errors)
    {
        IPAddress? ipv4 = ResolveRelayIPv4Address();
        if (RelayAddress is not null && ipv4 is not { AddressFamily: AddressFamily.InterNetwork })
        {
            errors.Add($"RelayAddress: '{RelayAddress}' is not an IPv4 address.");
        }
        else if (ipv4 is null && RelayIPv6Address is null)
        {
            errors.Add("RelayAddress must be set to the IPv4 address relay sockets bind to (ListenAddresses has no specific IPv4 address to fall back on).");
        }
        else if (ipv4 is not null && ipv4.Equals(IPAddress.Any) && RelayPublicAddress is null)
        {
            errors.Add("RelayAddress is 0.0.0.0, which cannot be told to clients: set RelayPublicAddress too.");
        }

        if (RelayPublicAddress is not null && !(IPAddress.TryParse(RelayPublicAddress, out IPAddress? pub) && pub.AddressFamily == AddressFamily.InterNetwork))
        {
            errors.Add($"RelayPublicAddress: '{RelayPublicAddress}' is not an IPv4 address.");
        }

        if (RelayIPv6Address is not null && !(IPAddress.TryParse(RelayIPv6Address, out IPAddress? v6) && v6.AddressFamily == AddressFamily.InterNetworkV6))
        {
            errors.Add($"RelayIPv6Address: '{RelayIPv6Address}' is not an IPv6 address.");
        }

        bool ephemeral = RelayPortMin == 0 && RelayPortMax == 0;
        if (!ephemeral && (RelayPortMin is < 1024 or > 65535 || RelayPortMax is < 1024 or > 65535 || RelayPortMin > RelayPortMax))
        {
            errors.Add($"RelayPortMin/RelayPortMax must be a range within 1024-65535 (or both 0 for ephemeral ports), not {RelayPortMin}-{RelayPortMax}.");
        }
    }

    private static void CheckPort(List<string> errors, string name, int port)
    {
        if (port is < 0 or > 65535)
        {
            errors.Add($"{name} must be between 0 and 65535, not {port}.");
        }
    }

    private static void CheckPositive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} must be positive, not {value}.");
        }
    }

    private static void CheckCount(List<string> errors, string name, int value)
    {
        if (value < 1)
        {
            errors.Add($"{name} must be at least 1, not {value}.");
        }
    }
}
