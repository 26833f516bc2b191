namespace Parley.Network.Tests.TestUtils;

/// <summary>How a home router treats traffic between its LAN and the internet.</summary>
public enum HomeRouter
{
    /// <summary>Plain masquerade: Linux keeps the source port, one mapping for every destination (endpoint-independent).</summary>
    ConeNat,

    /// <summary><c>masquerade random</c>: a new random port for every destination (address-and-port-dependent mapping).</summary>
    SymmetricNat,

    /// <summary>A NAT that lets out nothing but TCP to the server's TLS port, as strict corporate firewalls do.</summary>
    TlsOnlyFirewall,
}
