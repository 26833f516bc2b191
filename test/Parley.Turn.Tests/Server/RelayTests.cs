using System.Net;
using Parley.Turn.Stun;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>CreatePermission, Send and Data indications, ChannelBind and ChannelData, over real loopback sockets.</summary>
public class RelayTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreatePermission_ThenSendIndication_ReachesPeer_AndReplyComesBackAsDataIndication(bool tcp)
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
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
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        IPEndPoint relayed = await RelayedAddressAsync(fixture, client, peer);

        using var stranger = new UdpPeer();
        await client.SendIndicationAsync(stranger.EndPoint, [1, 2, 3]);
        Assert.True(await stranger.NothingReceivedWithinAsync(Quiet));

        await stranger.SendAsync([4, 5, 6], relayed);
        Assert.True(await client.NothingReceivedWithinAsync(Quiet));
    }

    [Fact]
    public async Task Permission_ExpiresAfter300Seconds()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.CreatePermissionAsync(peer.EndPoint)).Type.Class);

        fixture.Time.Advance(TimeSpan.FromSeconds(301));
        await client.SendIndicationAsync(peer.EndPoint, [1, 2, 3]);

        Assert.True(await peer.NothingReceivedWithinAsync(Quiet));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChannelBind_ThenChannelData_FlowsBothWays(bool tcp)
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
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
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();

        Assert.Equal(400, (await client.ChannelBindAsync((ushort)channel, peer.EndPoint)).ErrorCode);
    }

    [Fact]
    public async Task ChannelBind_Rfc5766NumberWithLegacyOption_Succeeds()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.AllowRfc5766ChannelNumbers = true);
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();

        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x7133, peer.EndPoint)).Type.Class);
        await client.SendChannelDataAsync(0x7133, [1, 2, 3]);
        Assert.Equal(new byte[] { 1, 2, 3 }, (await peer.ReceiveAsync()).Data);
    }

    [Fact]
    public async Task ChannelBind_SameNumberDifferentPeer_Returns400_AndRefreshOfSameBindingSucceeds()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
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
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);

        await client.SendChannelDataAsync(0x4ABC, [1, 2, 3]);

        Assert.True(await peer.NothingReceivedWithinAsync(Quiet));
    }

    [Fact]
    public async Task CreatePermission_WithoutAllocation_Returns437()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();
        await client.ChallengeAsync(TurnServerFixture.User, TurnServerFixture.Password);
        using var peer = new UdpPeer();

        Assert.Equal(437, (await client.CreatePermissionAsync(peer.EndPoint)).ErrorCode);
    }

    private static async Task<IPEndPoint> RelayedAddressAsync(TurnServerFixture fixture, TurnTestClient client, UdpPeer peer)
    {
        // Learn the relayed address by letting one datagram through, then let the permission lapse.
        Assert.Equal(StunClass.SuccessResponse, (await client.CreatePermissionAsync(peer.EndPoint)).Type.Class);
        await client.SendIndicationAsync(peer.EndPoint, [0]);
        (_, IPEndPoint relayed) = await peer.ReceiveAsync();
        fixture.Time.Advance(TimeSpan.FromSeconds(301));
        return relayed;
    }
}
