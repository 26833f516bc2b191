using System.Net;
using System.Net.Sockets;
using Parley.Turn.Stun;
using Parley.Turn.Tests.TestUtils;
using Parley.Turn.Transports;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// Nothing is held by a connection that says nothing: TCP and TLS (handed over by the host) clients share one budget,
/// each address may hold only so many, fewer still without an allocation, and a connection without an allocation is
/// closed when <see cref="TurnServerOptions.TcpAllocationTimeout"/> has passed on the server's clock.
/// </summary>
public abstract class StreamLimitsTests : IoPathTests
{
    private const string Attacker = "127.0.0.2";

    private protected StreamLimitsTests(IoPath ioPath)
        : base(ioPath)
    {
    }

    [Fact]
    public async Task ConnectionsWithoutAnAllocation_AreClosedWhenTheTimeoutPasses_WhileAnAllocatedOneStays()
    {
        using var meters = new TurnMeterRecorder();
        await using TurnServerFixture fixture = await StartAsync(o => o.TcpAllocationTimeout = TimeSpan.FromSeconds(5), meters);
        await using TurnTestClient allocated = await fixture.AllocatedClientAsync(tcp: true);
        List<Socket> silent = [];
        try
        {
            for (int i = 0; i < 20; i++)
            {
                silent.Add(await ConnectFromAsync(fixture, Attacker));
            }

            // One byte of a STUN header, never finished.
            await silent[0].SendAsync(new byte[] { 0x00 }, SocketFlags.None);
            await WaitForAsync(() => fixture.Server.Context.Streams.Counts().Open == 21, "the server to take all 21 connections");

            // The sweep runs on the fake clock, inside Advance: what it closes, it has counted when Advance returns.
            fixture.Time.Advance(TimeSpan.FromSeconds(4));
            Assert.True(meters.StreamsClosedWithoutAllocation == 0, $"{meters.StreamsClosedWithoutAllocation} connections were closed before the timeout");
            for (int second = 0; second < 2; second++)
            {
                fixture.Time.Advance(TimeSpan.FromSeconds(1));
            }

            for (int i = 0; i < silent.Count; i++)
            {
                Assert.True(await ServerClose.IsClosedByServerAsync(silent[i]), $"silent connection {i} is still open 6 s after it came");
            }

            StunTestMessage binding = await allocated.RequestAsync(TurnTestClient.Build(StunMethod.Binding, StunClass.Request));
            Assert.Equal(StunClass.SuccessResponse, binding.Type.Class);
            Assert.Equal(20, meters.StreamsClosedWithoutAllocation);
            await WaitForAsync(() => fixture.Server.Context.Streams.Counts() == (1, 0), "the closed connections' places to be given back");
        }
        finally
        {
            silent.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task ConnectionsFromOneAddress_BeyondItsIdleLimit_AreClosedAtOnce_WhileAnotherAddressIsServed()
    {
        using var meters = new TurnMeterRecorder();
        await using TurnServerFixture fixture = await StartAsync(o => o.MaxIdleTcpConnectionsPerAddress = 5, meters);
        List<Socket> sockets = [];
        try
        {
            for (int i = 0; i < 5; i++)
            {
                sockets.Add(await ConnectFromAsync(fixture, Attacker));
            }

            await WaitForAsync(() => fixture.Server.Context.Streams.Counts().Open == 5, "the server to take the first five connections");
            sockets.Add(await ConnectFromAsync(fixture, Attacker));
            sockets.Add(await ConnectFromAsync(fixture, "127.0.0.3"));

            Assert.True(await ServerClose.IsClosedByServerAsync(sockets[5]), "the sixth idle connection from one address was kept");
            await AssertServedAsync(sockets[4], "the fifth idle connection from the address");
            await AssertServedAsync(sockets[6], "another address");
            await using TurnTestClient honest = await fixture.AllocatedClientAsync(tcp: true);
            Assert.Equal(1, meters.StreamsRefused);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task AllocatedConnectionsFromOneAddress_BeyondItsLimit_AreClosedAtOnce()
    {
        await using TurnServerFixture fixture = await StartAsync(o => o.MaxTcpConnectionsPerAddress = 3);
        List<TurnTestClient> clients = [];
        try
        {
            for (int i = 0; i < 3; i++)
            {
                clients.Add(await fixture.AllocatedClientAsync(tcp: true));
            }

            using Socket fourth = await ConnectFromAsync(fixture, "127.0.0.1");
            Assert.True(await ServerClose.IsClosedByServerAsync(fourth), "a fourth connection from an address limited to three was kept");
            using Socket elsewhere = await ConnectFromAsync(fixture, Attacker);
            await AssertServedAsync(elsewhere, "another address");
        }
        finally
        {
            foreach (TurnTestClient client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task StreamsHandedOverByTheHost_AndTcpConnections_ShareOneBudget()
    {
        await using TurnServerFixture fixture = await StartAsync(o => o.MaxTcpConnections = 3);
        using var host = new TcpListener(IPAddress.Loopback, 0);
        host.Start();
        List<Socket> sockets = [];
        List<Task> handedOver = [];
        try
        {
            for (int i = 0; i < 2; i++)
            {
                (Socket client, Task serving) = await HandOverAsync(fixture, host);
                sockets.Add(client);
                handedOver.Add(serving);
            }

            sockets.Add(await ConnectFromAsync(fixture, Attacker));
            await WaitForAsync(() => fixture.Server.Context.Streams.Counts().Open == 3, "three connections to be served");

            using Socket overTcp = await ConnectFromAsync(fixture, "127.0.0.3");
            (Socket overTls, Task refused) = await HandOverAsync(fixture, host);
            using (overTls)
            {
                Assert.True(await ServerClose.IsClosedByServerAsync(overTcp), "a TCP connection beyond the shared budget was kept");
                await refused.DefaultTimeout();
                Assert.True(await ServerClose.IsClosedByServerAsync(overTls), "a handed-over stream beyond the shared budget was kept");
                Assert.All(handedOver, serving => Assert.False(serving.IsCompleted, "a handed-over stream within the budget ended"));
            }
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
            await Task.WhenAll(handedOver).DefaultTimeout();
        }
    }

    /// <summary>A stream the way the host hands TURN over TLS to the server: a connection it accepted itself.</summary>
    private static async Task<(Socket Client, Task Serving)> HandOverAsync(TurnServerFixture fixture, TcpListener host)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync((IPEndPoint)host.LocalEndpoint).DefaultTimeout();
        Socket accepted = await host.AcceptSocketAsync().DefaultTimeout();
        Task serving = fixture.Server.ServeStreamAsync(new NetworkStream(accepted, ownsSocket: true),
            (IPEndPoint)accepted.RemoteEndPoint!, (IPEndPoint)accepted.LocalEndPoint!, CancellationToken.None);
        return (client, serving);
    }

    private static async Task<Socket> ConnectFromAsync(TurnServerFixture fixture, string source)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
        await socket.ConnectAsync(fixture.Server.TcpEndPoints[0]).DefaultTimeout();
        return socket;
    }

    private static async Task AssertServedAsync(Socket socket, string who)
    {
        await socket.SendAsync(TurnTestClient.Build(StunMethod.Binding, StunClass.Request), SocketFlags.None);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        byte[] header = new byte[20];
        int read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false).AsTask().DefaultTimeout();

        // RFC 8489 §5: 0x0101 is a Binding success response.
        Assert.True(read == header.Length && header[0] == 0x01 && header[1] == 0x01, $"the connection from {who} got no Binding success response ({read} bytes)");
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TaskTimeoutExtensions.Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }

    public sealed class Batched() : StreamLimitsTests(IoPath.Batched);

    public sealed class Portable() : StreamLimitsTests(IoPath.Portable);
}
