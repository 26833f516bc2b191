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
        Assert.False(Filter([]).IsAllowed(Peer(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void DefaultFilter_AllowsPublicAddresses(string address)
    {
        Assert.True(Filter([]).IsAllowed(Peer(address)));
    }

    [Fact]
    public void AllowList_WinsOverDefaultDenyList_ForExactlyThoseAddresses()
    {
        var filter = new PeerAddressFilter(["127.0.0.1", "10.1.0.0/16"], ["8.8.8.0/24"], NoInterfaces([]), _ => false);

        Assert.True(filter.IsAllowed(Peer("127.0.0.1")));
        Assert.True(filter.IsAllowed(Peer("::ffff:127.0.0.1")));
        Assert.True(filter.IsAllowed(Peer("10.1.2.3")));
        Assert.False(filter.IsAllowed(Peer("127.0.0.2")));
        Assert.False(filter.IsAllowed(Peer("10.2.0.1")));
        Assert.False(filter.IsAllowed(Peer("8.8.8.8")));
    }

    [Theory]
    [InlineData("10.1.0.5")]
    [InlineData("::ffff:10.1.0.5")]
    [InlineData("198.51.100.7")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.53")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("::")]
    public void NodesOwnAddress_IsRefusedInsideAnAllowedRange_ButAtItsRelayPorts(string address)
    {
        var filter = new PeerAddressFilter(["10.1.0.0/16", "198.51.100.0/24", "127.0.0.0/8", "0.0.0.0/8", "::/127"], [],
            NoInterfaces([IPAddress.Parse("10.1.0.5"), IPAddress.Parse("198.51.100.7")]), p => p.Port == RelayPort);

        Assert.False(filter.IsAllowed(Peer(address, 3478)), $"{address}:3478, the node's own TURN port, was allowed");
        Assert.False(filter.IsAllowed(Peer(address, 53)), $"{address}:53, a service on the node, was allowed");
        Assert.True(filter.IsAllowed(Peer(address, RelayPort)), $"{address}:{RelayPort}, a relay of the node, was refused");
        Assert.True(filter.IsAllowed(Peer("10.1.0.6", 53)), "a neighbour in the allowed range was refused");
    }

    [Fact]
    public void NodesOwnAddress_NamedExactlyInTheAllowList_IsAllowedAtAnyPort()
    {
        var filter = new PeerAddressFilter(["127.0.0.1", "10.1.0.5"], [], NoInterfaces([IPAddress.Parse("10.1.0.5")]), _ => false);

        Assert.True(filter.IsAllowed(Peer("127.0.0.1", 53)));
        Assert.True(filter.IsAllowed(Peer("10.1.0.5", 53)));
        Assert.False(filter.IsAllowed(Peer("127.0.0.2", 53)));
    }

    [Theory]
    [InlineData("168.63.129.16")]
    [InlineData("100.100.100.200")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.170.2")]
    [InlineData("fd00:ec2::254")]
    [InlineData("::ffff:168.63.129.16")]
    public void CloudPlatformServices_AreRefused_EvenWhenAnAllowedRangeCoversThem_UnlessNamedExactly(string address)
    {
        var everything = new PeerAddressFilter(["0.0.0.0/0", "::/0"], [], NoInterfaces([]), _ => false);
        var named = new PeerAddressFilter([address], [], NoInterfaces([]), _ => false);

        Assert.False(everything.IsAllowed(Peer(address)), $"{address} was allowed by a range");
        Assert.False(Filter([]).IsAllowed(Peer(address)), $"{address} was allowed by default");
        Assert.True(named.IsAllowed(Peer(address)), $"{address} named exactly was still refused");
    }

    [Fact]
    public void MayRelayTo_OnTheNodesOwnAddresses_AllowsOnlyItsRelayPorts_AndAnyPortElsewhere()
    {
        var filter = new PeerAddressFilter([], [], NoInterfaces([IPAddress.Parse("198.51.100.7")]), p => p.Port == RelayPort);

        Assert.True(filter.MayRelayTo(Peer("198.51.100.7", RelayPort)));
        Assert.False(filter.MayRelayTo(Peer("198.51.100.7", 53)));
        Assert.False(filter.MayRelayTo(Peer("127.0.0.1", 53)));
        Assert.False(filter.MayRelayTo(Peer("::ffff:127.0.0.1", 53)));
        Assert.True(filter.MayRelayTo(Peer("8.8.8.8", 53)));
    }

    private const ushort RelayPort = 50000;

    private static PeerAddressFilter Filter(string[] allowed) => new(allowed, [], NoInterfaces([]), _ => false);

    // The test machine's interfaces are left out so that each case decides on the addresses it names.
    private static OwnAddresses NoInterfaces(IPAddress[] configured) => new(configured, watchInterfaces: false);

    private static TransportAddress Peer(string address, int port = 5000) => TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse(address), port));
}
