using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Parley.Turn.Stun;
using Parley.Turn.Tests.TestUtils;
using Parley.Turn.Transports;

namespace Parley.Turn.Tests.Server;

/// <summary>Stopping the server wakes its receive threads (UDP listener, relay pollers) rather than waiting them out.</summary>
public abstract class StopTests : IoPathTests
{
    private protected StopTests(IoPath ioPath)
        : base(ioPath)
    {
    }

    [Fact]
    public async Task Stop_WhileRelayingOverUdp_EndsPromptly_AndFreesTheListenPort()
    {
        TurnServerFixture fixture = await StartAsync();
        IPEndPoint listen = fixture.Server.UdpEndPoints[0];
        await using (TurnTestClient client = await fixture.AllocatedClientAsync())
        {
            using var peer = new UdpPeer();
            Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);
            await client.SendChannelDataAsync(0x4000, [1]);
            (_, IPEndPoint relayed) = await peer.ReceiveAsync();
            await peer.SendAsync([2], relayed);
            await client.ReceiveAsync();

            var watch = Stopwatch.StartNew();
            await fixture.DisposeAsync();
            watch.Stop();

            // The threads' backstop timeouts are 1 s each: a stop that had to wait them out would take that long.
            Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(700), $"stopping took {watch.ElapsedMilliseconds} ms");
        }

        using var rebind = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        rebind.Bind(listen);
    }

    public sealed class Batched() : StopTests(IoPath.Batched);

    public sealed class Portable() : StopTests(IoPath.Portable);
}
