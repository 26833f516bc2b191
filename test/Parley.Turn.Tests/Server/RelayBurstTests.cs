using System.Buffers.Binary;
using System.Net;
using Parley.Turn.Allocations;
using Parley.Turn.Stun;
using Parley.Turn.Tests.TestUtils;
using Parley.Turn.Transports;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// Peers' datagrams queued on relay sockets are taken in batches (recvmmsg on Linux): every one of a burst must reach
/// the client in order, an oversized one must be dropped without taking its neighbours with it, and several
/// allocations served by the same thread must all be served.
/// </summary>
public abstract class RelayBurstTests : IoPathTests
{
    private const ushort Channel = 0x4000;

    private protected RelayBurstTests(IoPath ioPath)
        : base(ioPath)
    {
    }

    [Fact]
    public async Task BurstFromPeer_ReachesTheClientWhole_AndInOrder()
    {
        await using TurnServerFixture fixture = await StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        IPEndPoint relayed = await BindAsync(client, peer);

        const int burst = 100;
        for (int i = 0; i < burst; i++)
        {
            await peer.SendAsync(Numbered(i, 200), relayed);
        }

        for (int i = 0; i < burst; i++)
        {
            byte[] frame = await client.ReceiveAsync();
            Assert.True(ChannelNumberOf(frame) == Channel && frame.Length == 4 + 200, $"datagram {i} arrived as {frame.Length} bytes");
            Assert.True(BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(4)) == i, $"datagram {i} arrived out of order");
        }
    }

    [Fact]
    public async Task OversizedPeerDatagram_IsDropped_AndTheNextOnesStillArrive()
    {
        await using TurnServerFixture fixture = await StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        IPEndPoint relayed = await BindAsync(client, peer);

        await peer.SendAsync(Numbered(1, 100), relayed);
        await peer.SendAsync(Numbered(2, RelayEndpoint.MaxPayload + 1), relayed);
        await peer.SendAsync(Numbered(3, 100), relayed);

        // The relay socket hands datagrams over in order: the oversized one, whole or cut, would come between.
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian((await client.ReceiveAsync()).AsSpan(4)));
        int next = BinaryPrimitives.ReadInt32BigEndian((await client.ReceiveAsync()).AsSpan(4));
        Assert.True(next == 3, $"datagram {next} came after the first: the oversized datagram must not be relayed, whole or cut");
    }

    [Fact]
    public async Task InterleavedPeers_OfManyAllocations_AreAllServed()
    {
        await using TurnServerFixture fixture = await StartAsync();
        const int allocations = 6;
        var clients = new List<TurnTestClient>();
        var peers = new List<UdpPeer>();
        var relayed = new List<IPEndPoint>();
        try
        {
            for (int a = 0; a < allocations; a++)
            {
                clients.Add(await fixture.AllocatedClientAsync());
                peers.Add(new UdpPeer());
                relayed.Add(await BindAsync(clients[a], peers[a]));
            }

            const int rounds = 10;
            for (int i = 0; i < rounds; i++)
            {
                for (int a = 0; a < allocations; a++)
                {
                    await peers[a].SendAsync(Numbered((a * 1000) + i, 300), relayed[a]);
                }
            }

            for (int a = 0; a < allocations; a++)
            {
                for (int i = 0; i < rounds; i++)
                {
                    byte[] frame = await clients[a].ReceiveAsync();
                    Assert.True(BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(4)) == (a * 1000) + i, $"allocation {a} got the wrong datagram at {i}");
                }
            }
        }
        finally
        {
            foreach (TurnTestClient client in clients)
            {
                await client.DisposeAsync();
            }

            peers.ForEach(p => p.Dispose());
        }
    }

    private static async Task<IPEndPoint> BindAsync(TurnTestClient client, UdpPeer peer)
    {
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(Channel, peer.EndPoint)).Type.Class);
        await client.SendChannelDataAsync(Channel, [0]);
        (_, IPEndPoint relayed) = await peer.ReceiveAsync();
        return relayed;
    }

    private static byte[] Numbered(int number, int length)
    {
        byte[] data = new byte[length];
        BinaryPrimitives.WriteInt32BigEndian(data, number);
        return data;
    }

    private static ushort ChannelNumberOf(byte[] frame) => BinaryPrimitives.ReadUInt16BigEndian(frame);

    public sealed class Batched() : RelayBurstTests(IoPath.Batched);

    public sealed class Portable() : RelayBurstTests(IoPath.Portable);
}
