using System.Buffers.Binary;
using System.Net;
using Parley.Turn.Stun;
using Parley.Turn.Tests.TestUtils;
using Parley.Turn.Transports;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// The relay never reaches the node itself: its own addresses (loopback, interfaces, listen, relay and public ones)
/// are refused as peers, even inside an allowed range, except where one of its relays listens, so two callers of one
/// node still reach each other. Cloud platforms' metadata and service addresses are refused whatever range is allowed.
/// </summary>
public abstract class OwnAddressTests : IoPathTests
{
    private const ushort Channel = 0x4000;

    private protected OwnAddressTests(IoPath ioPath)
        : base(ioPath)
    {
    }

    [Fact]
    public async Task PermissionOrChannel_ToAServiceOnTheNodeOrToItsOwnTurnPort_Gets403_EvenInsideAnAllowedRange()
    {
        // An operator who allows a range the node sits in (here all of loopback) opens the range, not the node.
        await using TurnServerFixture fixture = await StartAsync(o => o.AllowedPeerAddresses = ["127.0.0.0/8"]);
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var service = new UdpPeer();
        IPEndPoint ownTurn = fixture.Server.UdpEndPoints[0];

        Assert.Equal(403, (await client.CreatePermissionAsync(service.EndPoint)).ErrorCode);
        Assert.Equal(403, (await client.CreatePermissionAsync(new IPEndPoint(IPAddress.Parse("127.0.0.53"), 53))).ErrorCode);
        Assert.Equal(403, (await client.CreatePermissionAsync(ownTurn)).ErrorCode);
        Assert.Equal(403, (await client.ChannelBindAsync(Channel, ownTurn)).ErrorCode);
    }

    [Fact]
    public async Task PermissionOrChannel_ToTheNodesPublicAddress_Gets403_WhileItsNeighbourIsAllowed()
    {
        // Behind 1:1 NAT the public address is not on an interface; relaying to it would loop back to the node.
        // Documentation addresses stand in for public ones, and no datagram is sent to them.
        await using TurnServerFixture fixture = await StartAsync(o =>
        {
            o.RelayPublicAddress = "198.51.100.7";
            o.AllowedPeerAddresses.Add("198.51.100.0/24");
        });
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        Assert.Equal(403, (await client.CreatePermissionAsync(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 3478))).ErrorCode);
        Assert.Equal(403, (await client.ChannelBindAsync(Channel, new IPEndPoint(IPAddress.Parse("198.51.100.7"), 53))).ErrorCode);
        StunTestMessage neighbour = await client.CreatePermissionAsync(new IPEndPoint(IPAddress.Parse("198.51.100.8"), 3478));
        Assert.True(neighbour.Type.Class == StunClass.SuccessResponse, $"a peer beside the node's address got {neighbour.ErrorCode}");
    }

    [Theory]
    [InlineData("168.63.129.16")]
    [InlineData("100.100.100.200")]
    [InlineData("169.254.169.254")]
    public async Task PermissionToACloudPlatformService_Gets403_EvenWhenEveryAddressIsAllowed(string address)
    {
        await using TurnServerFixture fixture = await StartAsync(o => o.AllowedPeerAddresses = ["0.0.0.0/0"]);
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        Assert.Equal(403, (await client.CreatePermissionAsync(new IPEndPoint(IPAddress.Parse(address), 80))).ErrorCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TwoAllocationsOfTheNode_RelayToEachOther_WithNoPeerAllowed(bool tcp)
    {
        await using TurnServerFixture fixture = await StartAsync(o => o.AllowedPeerAddresses.Clear());
        (TurnTestClient alice, IPEndPoint aliceRelay) = await AllocateAsync(fixture, tcp);
        (TurnTestClient bob, IPEndPoint bobRelay) = await AllocateAsync(fixture, tcp);
        await using (alice)
        await using (bob)
        {
            StunTestMessage bound = await alice.ChannelBindAsync(Channel, bobRelay);
            Assert.True(bound.Type.Class == StunClass.SuccessResponse, $"Alice's channel to Bob's relayed address got {bound.ErrorCode}");
            StunTestMessage permitted = await bob.CreatePermissionAsync(aliceRelay);
            Assert.True(permitted.Type.Class == StunClass.SuccessResponse, $"Bob's permission for Alice's relayed address got {permitted.ErrorCode}");

            await alice.SendChannelDataAsync(Channel, "to Bob"u8.ToArray());
            StunTestMessage atBob = StunTestMessage.Parse(await bob.ReceiveAsync());
            Assert.Equal(aliceRelay, atBob.GetXorAddress(StunAttributeType.XorPeerAddress));
            Assert.Equal("to Bob"u8.ToArray(), atBob.Get(StunAttributeType.Data));

            await bob.SendIndicationAsync(aliceRelay, "to Alice"u8.ToArray());
            byte[] atAlice = await alice.ReceiveAsync();
            Assert.Equal(Channel, BinaryPrimitives.ReadUInt16BigEndian(atAlice));
            Assert.Equal("to Alice"u8.ToArray(), atAlice[4..(4 + "to Alice".Length)]);
        }
    }

    [Fact]
    public async Task SendIndication_ToTheNodesOwnAddress_ReachesItsRelaysOnly_ThoughThePermissionCoversEveryPort()
    {
        // RFC 8656 §9: a permission is for an IP address, whatever the port. Bob's relayed address gets Alice one for
        // the node's address; a UDP service on the same address must still be out of reach.
        using var meters = new TurnMeterRecorder();
        await using TurnServerFixture fixture = await StartAsync(o => o.AllowedPeerAddresses = ["127.0.0.0/8"], meters);
        (TurnTestClient alice, IPEndPoint aliceRelay) = await AllocateAsync(fixture, tcp: false);
        (TurnTestClient bob, IPEndPoint bobRelay) = await AllocateAsync(fixture, tcp: false);
        await using (alice)
        await using (bob)
        {
            using var service = new UdpPeer();
            Assert.Equal(StunClass.SuccessResponse, (await alice.CreatePermissionAsync(bobRelay)).Type.Class);
            Assert.Equal(StunClass.SuccessResponse, (await bob.CreatePermissionAsync(aliceRelay)).Type.Class);

            // Alice's indications are handled in order: once Bob has the second, the first has been relayed or dropped.
            await alice.SendIndicationAsync(service.EndPoint, "probe"u8.ToArray());
            await alice.SendIndicationAsync(bobRelay, "to Bob"u8.ToArray());

            Assert.Equal("to Bob"u8.ToArray(), StunTestMessage.Parse(await bob.ReceiveAsync()).Get(StunAttributeType.Data));
            Assert.True(meters.PacketsToPeer == 1, $"{meters.PacketsToPeer} datagrams went to peers: the one to a UDP service on the node's own address was relayed too");
        }
    }

    private static async Task<(TurnTestClient Client, IPEndPoint Relayed)> AllocateAsync(TurnServerFixture fixture, bool tcp)
    {
        TurnTestClient client = await fixture.ConnectAsync(tcp);
        StunTestMessage response = await client.AllocateAsync(TurnServerFixture.User, TurnServerFixture.Password);
        Assert.Equal(StunClass.SuccessResponse, response.Type.Class);
        return (client, response.GetXorAddress(StunAttributeType.XorRelayedAddress));
    }

    public sealed class Batched() : OwnAddressTests(IoPath.Batched);

    public sealed class Portable() : OwnAddressTests(IoPath.Portable);
}
