using Parley.Turn.Allocations;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>DONT-FRAGMENT in a Send indication sets the DF bit on that relayed datagram only. RFC 8656 §11.2.</summary>
public class DontFragmentTests
{
    [Fact]
    public async Task SendIndication_WithDontFragment_IsRelayedWithDF_AndTheNextOneWithoutIt_IsNot()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.CreatePermissionAsync(peer.EndPoint)).Type.Class);
        RelayEndpoint relay = RelayOf(fixture, client);

        await client.SendRawAsync(SendIndication(peer, [1], dontFragment: true));
        Assert.Equal([1], (await peer.ReceiveAsync()).Data);
        Assert.True(relay.DontFragment, "the relay socket should send with DF after a Send indication with DONT-FRAGMENT");

        await client.SendRawAsync(SendIndication(peer, [2], dontFragment: false));
        Assert.Equal([2], (await peer.ReceiveAsync()).Data);
        Assert.False(relay.DontFragment, "DF must not stick to datagrams whose Send indication did not ask for it");
    }

    [Fact]
    public async Task AllocateWithDontFragment_KeepsDF_ForSendIndicationsWithoutIt()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();
        StunTestMessage allocated = await client.AllocateAsync(TurnServerFixture.User, TurnServerFixture.Password,
            b => b.Append(new DontFragmentAttribute()));
        Assert.Equal(StunClass.SuccessResponse, allocated.Type.Class);
        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.CreatePermissionAsync(peer.EndPoint)).Type.Class);

        await client.SendRawAsync(SendIndication(peer, [3], dontFragment: false));
        Assert.Equal([3], (await peer.ReceiveAsync()).Data);
        Assert.True(RelayOf(fixture, client).DontFragment, "an allocation created with DONT-FRAGMENT sends every datagram with DF");
    }

    private static byte[] SendIndication(UdpPeer peer, byte[] data, bool dontFragment) =>
        TurnTestClient.Build(StunMethod.Send, StunClass.Indication, b =>
        {
            b.Append(new XorPeerAddressAttribute(TransportAddress.FromIPEndPoint(peer.EndPoint)));
            b.Append(StunAttributeType.Data, data);
            if (dontFragment)
            {
                b.Append(new DontFragmentAttribute());
            }
        });

    private static RelayEndpoint RelayOf(TurnServerFixture fixture, TurnTestClient client)
    {
        var fiveTuple = new FiveTuple(TransportProtocol.Udp, TransportAddress.FromIPEndPoint(client.LocalEndPoint),
            TransportAddress.FromIPEndPoint(fixture.Server.UdpEndPoints[0]));
        Assert.True(fixture.Server.Allocations.TryGet(fiveTuple, out Allocation allocation));
        return allocation.RelayIPv4!;
    }
}
