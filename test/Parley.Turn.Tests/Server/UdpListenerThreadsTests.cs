using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Parley.Turn.Stun;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// On Linux the UDP port is served by several sockets sharing it through SO_REUSEPORT, each with its own thread:
/// clients spread over them must all be served in both directions with their datagrams in order, and the port stays
/// exclusive to one server.
/// </summary>
public class UdpListenerThreadsTests
{
    private const ushort Channel = 0x4000;

    [Fact]
    public async Task ClientsSpreadOverFourListenerSockets_AreAllRelayed_BothWays_InOrder()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.UdpListenerThreads = 4);
        const int count = 12;
        const int messages = 20;
        var clients = new List<TurnTestClient>();
        var peers = new List<UdpPeer>();
        try
        {
            var relayed = new List<IPEndPoint>();
            for (int c = 0; c < count; c++)
            {
                clients.Add(await fixture.AllocatedClientAsync());
                peers.Add(new UdpPeer());
                Assert.Equal(StunClass.SuccessResponse, (await clients[c].ChannelBindAsync(Channel, peers[c].EndPoint)).Type.Class);
            }

            for (int c = 0; c < count; c++)
            {
                for (int i = 0; i < messages; i++)
                {
                    await clients[c].SendChannelDataAsync(Channel, Numbered(i));
                }
            }

            for (int c = 0; c < count; c++)
            {
                for (int i = 0; i < messages; i++)
                {
                    (byte[] data, IPEndPoint from) = await peers[c].ReceiveAsync();
                    Assert.True(BinaryPrimitives.ReadInt32BigEndian(data) == i, $"client {c}: message {i} reached its peer out of order or not at all");
                    if (i == 0)
                    {
                        relayed.Add(from);
                    }
                }

                await peers[c].SendAsync(Numbered(c), relayed[c]);
                byte[] frame = await clients[c].ReceiveAsync();
                Assert.True(BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(4)) == c, $"client {c} did not get its peer's answer");
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

    [Fact]
    public async Task SecondServer_OnTheSameUdpPort_FailsToStart_WithSeveralListenerThreads()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.UdpListenerThreads = 4);
        TurnServerOptions options = TurnServerFixture.CreateOptions();
        options.UdpPort = fixture.Server.UdpEndPoints[0].Port;
        options.EnableTcp = false;
        options.UdpListenerThreads = 4;
        await using var second = new TurnServer(options);

        var error = await Assert.ThrowsAsync<SocketException>(() => second.StartAsync());

        Assert.True(error.SocketErrorCode == SocketError.AddressAlreadyInUse, $"expected AddressAlreadyInUse, got {error.SocketErrorCode}");
        Assert.Empty(second.UdpEndPoints);
    }

    private static byte[] Numbered(int number)
    {
        byte[] data = new byte[120];
        BinaryPrimitives.WriteInt32BigEndian(data, number);
        return data;
    }
}
