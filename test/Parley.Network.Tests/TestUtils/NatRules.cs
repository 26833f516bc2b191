using System.Globalization;

namespace Parley.Network.Tests.TestUtils;

/// <summary>The nftables ruleset of a home router of the lab.</summary>
internal static class NatRules
{
    public static string For(HomeRouter kind, string wan, string lan, string server, int tlsPort)
    {
        var masquerade = kind == HomeRouter.SymmetricNat ? "masquerade random" : "masquerade";
        var outbound = kind == HomeRouter.TlsOnlyFirewall
            ? $"iifname \"{lan}\" ip daddr {server} tcp dport {tlsPort.ToString(CultureInfo.InvariantCulture)} accept"
            : $"iifname \"{lan}\" accept";
        // Like a real home router, nothing from outside reaches the router itself. Dropping in the input hook also
        // keeps an unsolicited probe from leaving a conntrack entry that would take the port a LAN host's mapping
        // needs (which would turn the cone NAT symmetric for hole punching).
        return $$"""
            table ip parley {
              chain postrouting {
                type nat hook postrouting priority srcnat; policy accept;
                oifname "{{wan}}" {{masquerade}}
              }
              chain input {
                type filter hook input priority filter; policy drop;
                iifname "lo" accept
                iifname "{{lan}}" accept
                ct state established,related accept
              }
              chain forward {
                type filter hook forward priority filter; policy drop;
                ct state established,related accept
                {{outbound}}
              }
            }
            """;
    }
}
