using System.Net;
using Parley.Turn.Allocations;
using Parley.Turn.Stun;

namespace Parley.Turn.Tests.Allocations;

/// <summary>What Turn:MaxAllocationsPerClientAddress counts as one address.</summary>
public class ClientAddressKeyTests
{
    [Theory]
    [InlineData("203.0.113.5", "203.0.113.5", true)]
    [InlineData("203.0.113.5", "203.0.113.6", false)]
    [InlineData("203.0.113.5", "::ffff:203.0.113.5", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    [InlineData("::ffff:203.0.113.5", "::203.0.113.5", false)]
    [InlineData("0.0.0.5", "::5", false)]
    public void Addresses_CountTogether_WhenTheyShareAnIPv4AddressOrAnIPv6Slash64(string a, string b, bool same)
    {
        ClientAddressKey first = ClientAddressKey.Of(TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse(a), 1000)));
        ClientAddressKey second = ClientAddressKey.Of(TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse(b), 2000)));

        Assert.True(same == (first == second), $"{a} and {b} should {(same ? "" : "not ")}count as one address: {first} vs {second}");
    }
}
