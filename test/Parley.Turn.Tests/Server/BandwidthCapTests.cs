using Parley.Turn.Stun;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>Turn:MaxAllocationBandwidth: each direction of an allocation relays at most that many bytes per second.</summary>
public class BandwidthCapTests
{
    private const int Cap = 10_000;
    private const int PacketSize = 1000;
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task ClientToPeer_BeyondTheCap_IsDropped_AndTheBudgetRefillsWithTime()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.MaxAllocationBandwidth = Cap);
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);

        Assert.Equal(Cap / PacketSize, await RelayedToPeerAsync(client, peer, 30, expected: Cap / PacketSize));

        fixture.Time.Advance(TimeSpan.FromMilliseconds(500));
        int afterHalfASecond = await RelayedToPeerAsync(client, peer, 30, expected: Cap / PacketSize / 2);
        Assert.True(afterHalfASecond == Cap / PacketSize / 2, $"half a second at {Cap} B/s should relay 5 more 1000-byte packets, relayed {afterHalfASecond}");
    }

    [Fact]
    public async Task PeerToClient_BeyondTheCap_IsDropped()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.MaxAllocationBandwidth = Cap);
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);
        System.Net.IPEndPoint relay = await RelayAddressAsync(client, peer);

        for (int i = 0; i < 30; i++)
        {
            await peer.SendAsync(new byte[PacketSize], relay);
        }

        int received = 0;
        while (!await client.NothingReceivedWithinAsync(received < Cap / PacketSize ? TaskTimeoutExtensions.Timeout : Quiet))
        {
            await client.ReceiveAsync();
            received++;
        }

        Assert.True(received == Cap / PacketSize, $"the client got {received} of 30 peer datagrams; the cap allows {Cap / PacketSize} per second");
    }

    [Fact]
    public async Task WithoutACap_EverythingIsRelayed()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.MaxAllocationBandwidth = 0);
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);

        Assert.Equal(30, await RelayedToPeerAsync(client, peer, 30, expected: 30));
    }

    /// <summary>Sends <paramref name="count"/> datagrams; waits for <paramref name="expected"/> at the peer, then counts any extra.</summary>
    private static async Task<int> RelayedToPeerAsync(TurnTestClient client, UdpPeer peer, int count, int expected)
    {
        for (int i = 0; i < count; i++)
        {
            await client.SendChannelDataAsync(0x4000, new byte[PacketSize]);
        }

        int received = 0;
        while (!await peer.NothingReceivedWithinAsync(received < expected ? TaskTimeoutExtensions.Timeout : Quiet))
        {
            received++;
        }

        return received;
    }

    /// <summary>The relayed address, learnt the way a peer learns it: from the source of a relayed datagram.</summary>
    private static async Task<System.Net.IPEndPoint> RelayAddressAsync(TurnTestClient client, UdpPeer peer)
    {
        await client.SendChannelDataAsync(0x4000, [1]);
        (_, System.Net.IPEndPoint from) = await peer.ReceiveAsync();
        return from;
    }
}
