using System.Net;
using Parley.Turn.Stun;
using Parley.Turn.Tests.TestUtils;
using Parley.Turn.Transports;

namespace Parley.Turn.Tests.Server;

/// <summary>CreatePermission, Send and Data indications, ChannelBind and ChannelData, over real loopback sockets.</summary>
public abstract class RelayTests : IoPathTests
{
    private protected RelayTests(IoPath ioPath)
        : base(ioPath)
    {
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreatePermission_ThenSendIndication_ReachesPeer_AndReplyComesBackAsDataIndication(bool tcp)
    {
        await using TurnServerFixture fixture = await StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync(tcp);
        using var peer = new UdpPeer();

        StunTestMessage permission = await client.CreatePermissionAsync(peer.EndPoint);
        Assert.Equal(StunClass.SuccessResponse, permission.Type.Class);
        Assert.True(permission.VerifyIntegrity(client.Key));

        await client.SendIndicationAsync(peer.EndPoint, "hello peer"u8.ToArray());
        (byte[] data, IPEndPoint relayed) = await peer.ReceiveAsync();
        Assert.Equal("hello peer"u8.ToArray(), data);

        await peer.SendAsync("hello client"u8.ToArray(), relayed);
        StunTestMessage indication = StunTestMessage.Parse(await client.ReceiveAsync());
        Assert.Equal(new StunMessageType(StunMethod.Data, StunClass.Indication), indication.Type);
        Assert.Equal(peer.EndPoint, indication.GetXorAddress(StunAttributeType.XorPeerAddress));
        Assert.Equal("hello client"u8.ToArray(), indication.Get(StunAttributeType.Data));
    }

    [Fact]
    public async Task SendIndication_WithoutPermission_IsDropped_AndPeerDataIsNotRelayed()
    {
        // A datagram relayed after the dropped one, the same way, is the first to arrive: nothing came before it.
        await using TurnServerFixture fixture = await StartAsync(o => o.AllowedPeerAddresses.Add("127.0.0.2"));
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var permitted = new UdpPeer("127.0.0.2");
        using var stranger = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.CreatePermissionAsync(permitted.EndPoint)).Type.Class);
        await client.SendIndicationAsync(permitted.EndPoint, [0]);
        (_, IPEndPoint relayed) = await permitted.ReceiveAsync();

        await stranger.SendAsync([4, 5, 6], relayed);
        await permitted.SendAsync([7], relayed);
        StunTestMessage first = StunTestMessage.Parse(await client.ReceiveAsync());
        Assert.True(first.Get(StunAttributeType.Data).SequenceEqual(new byte[] { 7 }), "a datagram from a peer without a permission reached the client");

        await client.SendIndicationAsync(stranger.EndPoint, [1, 2, 3]);
        Assert.Equal(StunClass.SuccessResponse, (await client.CreatePermissionAsync(stranger.EndPoint)).Type.Class);
        await client.SendIndicationAsync(stranger.EndPoint, [8]);
        Assert.True((await stranger.ReceiveAsync()).Data.SequenceEqual(new byte[] { 8 }), "a Send indication to a peer without a permission was relayed");
    }

    [Fact]
    public async Task Permission_ExpiresAfter300Seconds()
    {
        await using TurnServerFixture fixture = await StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.CreatePermissionAsync(peer.EndPoint)).Type.Class);

        fixture.Time.Advance(TimeSpan.FromSeconds(301));
        await client.SendIndicationAsync(peer.EndPoint, [1, 2, 3]);

        // Renewed, the permission lets the next datagram through, and it is the first the peer gets.
        Assert.Equal(StunClass.SuccessResponse, (await client.CreatePermissionAsync(peer.EndPoint)).Type.Class);
        await client.SendIndicationAsync(peer.EndPoint, [4]);
        Assert.True((await peer.ReceiveAsync()).Data.SequenceEqual(new byte[] { 4 }), "a Send indication was relayed after its permission expired");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChannelBind_ThenChannelData_FlowsBothWays(bool tcp)
    {
        await using TurnServerFixture fixture = await StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync(tcp);
        using var peer = new UdpPeer();

        StunTestMessage bind = await client.ChannelBindAsync(0x4001, peer.EndPoint);
        Assert.Equal(StunClass.SuccessResponse, bind.Type.Class);

        byte[] odd = [1, 2, 3, 4, 5]; // not a multiple of 4: exercises TCP padding
        await client.SendChannelDataAsync(0x4001, odd);
        (byte[] data, IPEndPoint relayed) = await peer.ReceiveAsync();
        Assert.Equal(odd, data);

        await peer.SendAsync([9, 8, 7], relayed);
        byte[] frame = await client.ReceiveAsync();
        Assert.True(ChannelData.TryRead(frame, ChannelData.MaximumChannel, out ChannelData channelData));
        Assert.Equal(0x4001, channelData.ChannelNumber);
        Assert.Equal(new byte[] { 9, 8, 7 }, channelData.Payload.ToArray());
        Assert.Equal(tcp ? 8 : 7, frame.Length);
    }

    [Theory]
    [InlineData(0x3FFF)]
    [InlineData(0x5000)]
    public async Task ChannelBind_NumberOutOfRange_Returns400(int channel)
    {
        await using TurnServerFixture fixture = await StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();

        Assert.Equal(400, (await client.ChannelBindAsync((ushort)channel, peer.EndPoint)).ErrorCode);
    }

    [Fact]
    public async Task ChannelBind_Rfc5766NumberWithLegacyOption_Succeeds()
    {
        await using TurnServerFixture fixture = await StartAsync(o => o.AllowRfc5766ChannelNumbers = true);
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();

        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x7133, peer.EndPoint)).Type.Class);
        await client.SendChannelDataAsync(0x7133, [1, 2, 3]);
        Assert.Equal(new byte[] { 1, 2, 3 }, (await peer.ReceiveAsync()).Data);
    }

    [Fact]
    public async Task ChannelBind_SameNumberDifferentPeer_Returns400_AndRefreshOfSameBindingSucceeds()
    {
        await using TurnServerFixture fixture = await StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        using var other = new UdpPeer();

        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);
        Assert.Equal(400, (await client.ChannelBindAsync(0x4000, other.EndPoint)).ErrorCode);
        Assert.Equal(400, (await client.ChannelBindAsync(0x4002, peer.EndPoint)).ErrorCode);
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);
    }

    [Fact]
    public async Task ChannelData_OnUnboundChannel_IsDropped()
    {
        await using TurnServerFixture fixture = await StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);

        await client.SendChannelDataAsync(0x4ABC, [1, 2, 3]);
        await client.SendChannelDataAsync(0x4000, [4]);

        Assert.True((await peer.ReceiveAsync()).Data.SequenceEqual(new byte[] { 4 }), "ChannelData on an unbound channel was relayed");
    }

    [Fact]
    public async Task CreatePermission_WithoutAllocation_Returns437()
    {
        await using TurnServerFixture fixture = await StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();
        await client.ChallengeAsync(TurnServerFixture.User, TurnServerFixture.Password);
        using var peer = new UdpPeer();

        Assert.Equal(437, (await client.CreatePermissionAsync(peer.EndPoint)).ErrorCode);
    }

    public sealed class Batched() : RelayTests(IoPath.Batched);

    public sealed class Portable() : RelayTests(IoPath.Portable);
}
