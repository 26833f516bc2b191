using System.Net;
using Parley.Turn.Allocations;
using Parley.Turn.Stun;

namespace Parley.Turn.Tests.Allocations;

public class PeerAddressFilterTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("192.168.0.10")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2001:db8::1")]
    [InlineData("2002:a00:1::1")]
    [InlineData("::127.0.0.1")]
    [InlineData("::10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:0:127.0.0.1")]
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("64:ff9b:1::a00:1")]
    [InlineData("2002:7f00:1::")]
    [InlineData("fec0::1")]
    [InlineData("198.18.0.1")]
    [InlineData("192.0.0.170")]
    public void DefaultFilter_DeniesSpecialPurposeAddresses(string address)
    {
        var filter = new PeerAddressFilter([], []);
        Assert.False(filter.IsAllowed(Peer(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void DefaultFilter_AllowsPublicAddresses(string address)
    {
        var filter = new PeerAddressFilter([], []);
        Assert.True(filter.IsAllowed(Peer(address)));
    }

    [Fact]
    public void AllowList_WinsOverDefaultDenyList_ForExactlyThoseAddresses()
    {
        var filter = new PeerAddressFilter(["127.0.0.1", "10.1.0.0/16"], ["8.8.8.0/24"]);

        Assert.True(filter.IsAllowed(Peer("127.0.0.1")));
        Assert.True(filter.IsAllowed(Peer("::ffff:127.0.0.1")));
        Assert.True(filter.IsAllowed(Peer("10.1.2.3")));
        Assert.False(filter.IsAllowed(Peer("127.0.0.2")));
        Assert.False(filter.IsAllowed(Peer("10.2.0.1")));
        Assert.False(filter.IsAllowed(Peer("8.8.8.8")));
    }

    private static TransportAddress Peer(string address) => TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse(address), 5000));
}
