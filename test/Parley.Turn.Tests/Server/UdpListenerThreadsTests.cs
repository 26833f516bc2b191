using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Parley.Testing;
using Parley.Turn.Stun;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// On Linux the UDP port is served by several sockets sharing it through SO_REUSEPORT, each with its own thread:
/// clients spread over them must all be served in both directions with their datagrams in order, the sockets get the
/// configured receive buffer, and the port stays exclusive to one server.
/// </summary>
public partial class UdpListenerThreadsTests
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
    public async Task EveryListenerSocket_HasTheConfiguredReceiveBuffer()
    {
        const int bytes = 128 * 1024;
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o =>
        {
            o.UdpListenerThreads = 3;
            o.UdpReceiveBufferBytes = bytes;
        });
        int port = fixture.Server.UdpEndPoints[0].Port;

        (int exitCode, string output) = await ExternalTool.RunAsync(TimeSpan.FromSeconds(10), "/usr/bin/ss", "-uamn", $"sport = :{port}");

        Assert.True(exitCode == 0, $"ss failed: {output}");
        string[] buffers = [.. ReceiveBuffer().Matches(output).Select(m => m.Groups[1].Value)];

        // Linux doubles SO_RCVBUF for its bookkeeping and reports the doubled size.
        string expected = (2 * bytes).ToString(CultureInfo.InvariantCulture);
        Assert.True(buffers.Length == 3 && buffers.All(b => b == expected),
            $"expected three sockets on port {port} with rb{expected}, ss shows:\n{output}");
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

    [GeneratedRegex(@"skmem:\(r\d+,rb(\d+),")]
    private static partial Regex ReceiveBuffer();
}
