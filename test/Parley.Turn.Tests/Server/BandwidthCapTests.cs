using System.Net;
using Parley.Turn.Stun;
using Parley.Turn.Tests.TestUtils;
using Parley.Turn.Transports;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// MaxAllocationBandwidth: each direction of an allocation relays at most that many bytes per second. Counts end at an
/// empty datagram sent after the others: it costs nothing against the cap, so it is relayed however spent the budget
/// is, and it comes after everything sent before it on the same path.
/// </summary>
public abstract class BandwidthCapTests : IoPathTests
{
    private const int Cap = 10_000;
    private const int PacketSize = 1000;

    private protected BandwidthCapTests(IoPath ioPath)
        : base(ioPath)
    {
    }

    [Fact]
    public async Task ClientToPeer_BeyondTheCap_IsDropped_AndTheBudgetRefillsWithTime()
    {
        await using TurnServerFixture fixture = await StartAsync(o => o.MaxAllocationBandwidth = Cap);
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);

        Assert.Equal(Cap / PacketSize, await RelayedToPeerAsync(client, peer, 30));

        fixture.Time.Advance(TimeSpan.FromMilliseconds(500));
        int afterHalfASecond = await RelayedToPeerAsync(client, peer, 30);
        Assert.True(afterHalfASecond == Cap / PacketSize / 2, $"half a second at {Cap} B/s should relay 5 more 1000-byte packets, relayed {afterHalfASecond}");
    }

    [Fact]
    public async Task PeerToClient_BeyondTheCap_IsDropped()
    {
        await using TurnServerFixture fixture = await StartAsync(o => o.MaxAllocationBandwidth = Cap);
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);
        IPEndPoint relay = await RelayAddressAsync(client, peer);

        for (int i = 0; i < 30; i++)
        {
            await peer.SendAsync(new byte[PacketSize], relay);
        }

        await peer.SendAsync([], relay);
        int received = 0;
        while ((await client.ReceiveAsync()).Length > 4)
        {
            received++;
        }

        Assert.True(received == Cap / PacketSize, $"the client got {received} of 30 peer datagrams; the cap allows {Cap / PacketSize} per second");
    }

    [Fact]
    public async Task WithoutACap_EverythingIsRelayed()
    {
        await using TurnServerFixture fixture = await StartAsync(o => o.MaxAllocationBandwidth = 0);
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);

        Assert.Equal(30, await RelayedToPeerAsync(client, peer, 30));
    }

    /// <summary>Sends <paramref name="count"/> datagrams and the empty one that ends the count; returns how many reached the peer.</summary>
    private static async Task<int> RelayedToPeerAsync(TurnTestClient client, UdpPeer peer, int count)
    {
        for (int i = 0; i < count; i++)
        {
            await client.SendChannelDataAsync(0x4000, new byte[PacketSize]);
        }

        await client.SendChannelDataAsync(0x4000, []);
        int received = 0;
        while ((await peer.ReceiveAsync()).Data.Length > 0)
        {
            received++;
        }

        return received;
    }

    /// <summary>The relayed address, learnt the way a peer learns it: from the source of a relayed datagram.</summary>
    private static async Task<IPEndPoint> RelayAddressAsync(TurnTestClient client, UdpPeer peer)
    {
        await client.SendChannelDataAsync(0x4000, [1]);
        (_, IPEndPoint from) = await peer.ReceiveAsync();
        return from;
    }

    public sealed class Batched() : BandwidthCapTests(IoPath.Batched);

    public sealed class Portable() : BandwidthCapTests(IoPath.Portable);
}
