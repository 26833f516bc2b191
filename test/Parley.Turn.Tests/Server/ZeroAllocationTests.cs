using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Turn.Allocations;
using Parley.Turn.Native;
using Parley.Turn.Stun;
using Parley.Turn.Tests.TestUtils;
using Parley.Turn.Transports;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// The relay hot path (ChannelData and Send/Data forwarding) must not allocate per packet. The steps are
/// driven synchronously on the test thread over real loopback sockets, so the per-thread counter sees them: the
/// router and the framing every path shares, each path's way to the client (the portable relay loop's forwarding to
/// a UDP or a stream client; the batched path's recvmmsg/sendmmsg round and its polled TCP client's sends).
/// </summary>
public class ZeroAllocationTests
{
    private const int Iterations = 500;

    // Passes measured at most, after the first: see Measure.
    private const int MeasuredPasses = 2;

    [Theory]
    [InlineData(0L)]
    [InlineData(1_000_000_000L)]
    public async Task ClientToPeer_ChannelDataAndSendIndication_AllocateNothing(long bandwidthCap)
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.MaxAllocationBandwidth = bandwidthCap);
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);
        FiveTuple fiveTuple = FiveTupleOf(fixture, client);

        byte[] channelData = new byte[4 + 160];
        BinaryPrimitives.WriteUInt16BigEndian(channelData, 0x4000);
        BinaryPrimitives.WriteUInt16BigEndian(channelData.AsSpan(2), 160);
        byte[] sendIndication = TurnTestClient.Build(StunMethod.Send, StunClass.Indication, b =>
        {
            b.Append(new Parley.Turn.Stun.Attributes.XorPeerAddressAttribute(TransportAddress.FromIPEndPoint(peer.EndPoint)));
            b.Append(StunAttributeType.Data, new byte[160]);
        });
        byte[] response = new byte[1024];
        var noConnections = new NoConnections();

        int responses = 0;
        Measurement measured = Measure(() =>
        {
            responses += fixture.Server.Router.HandlePacket(channelData, fiveTuple, noConnections, response);
            responses += fixture.Server.Router.HandlePacket(sendIndication, fiveTuple, noConnections, response);
        });

        Assert.Equal(0, measured.Allocated);
        Assert.Equal(0, responses);
        (byte[] received, _) = await peer.ReceiveAsync();
        Assert.Equal(160, received.Length);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1_000_000_000L)]
    public async Task PeerToClient_ChannelDataAndDataIndication_AllocateNothing(long bandwidthCap)
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o =>
        {
            o.AllowedPeerAddresses.Add("127.0.0.2");
            o.MaxAllocationBandwidth = bandwidthCap;
        });
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        var channelPeer = new IPEndPoint(IPAddress.Loopback, 40000);
        var indicationPeer = new IPEndPoint(IPAddress.Parse("127.0.0.2"), 40000);
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, channelPeer)).Type.Class);
        Assert.Equal(StunClass.SuccessResponse, (await client.CreatePermissionAsync(indicationPeer)).Type.Class);
        Assert.True(fixture.Server.Allocations.TryGet(FiveTupleOf(fixture, client), out Allocation allocation));

        byte[] buffer = new byte[RelayEndpoint.Headroom + 160 + 4];
        SocketAddress fromChannelPeer = TransportAddress.FromIPEndPoint(channelPeer).ToSocketAddress();
        SocketAddress fromIndicationPeer = TransportAddress.FromIPEndPoint(indicationPeer).ToSocketAddress();

        Measurement measured = Measure(() =>
        {
            Assert.True(CompletedSynchronously(allocation.ForwardFromPeerAsync(buffer, 160, fromChannelPeer, CancellationToken.None)));
            Assert.True(CompletedSynchronously(allocation.ForwardFromPeerAsync(buffer, 160, fromIndicationPeer, CancellationToken.None)));
        });

        Assert.Equal(0, measured.Allocated);
        Assert.Equal(4 + 160, (await client.ReceiveAsync()).Length);
    }

    [Fact]
    public async Task BatchedPeerToClient_RecvmmsgFrameAndSendmmsg_AllocateNothing()
    {
        Assert.True(LinuxSocketCalls.IsSupported, "the batched relay path runs on 64-bit Linux, where these tests run");
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, (IPEndPoint)peer.LocalEndPoint!)).Type.Class);
        Assert.True(fixture.Server.Allocations.TryGet(FiveTupleOf(fixture, client), out Allocation allocation));
        var udpClient = (UdpClientConnection)allocation.Client;

        // A socket standing in for the relay socket, read the way a RelayPoller reads one.
        using var relaySide = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        relaySide.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        SocketAddress relaySideAddress = TransportAddress.FromIPEndPoint((IPEndPoint)relaySide.LocalEndPoint!).ToSocketAddress();
        using var batch = new DatagramBatch(4, RelayEndpoint.Headroom, RelayEndpoint.MaxPayload);
        using var outgoing = new OutgoingDatagrams(4, NullLogger.Instance);
        byte[] payload = new byte[160];
        int relayed = 0;

        Measurement measured = Measure(() =>
        {
            peer.SendTo(payload, SocketFlags.None, relaySideAddress);
            if (batch.Receive(relaySide.SafeHandle.DangerousGetHandle(), 0, 0, 1, out _) == 1
                && batch.TryGetSource(0, out TransportAddress source)
                && allocation.TryFrameFromPeer(batch.Buffer(0), batch.Length(0), source, out Memory<byte> frame)
                && MemoryMarshal.TryGetArray(frame, out ArraySegment<byte> segment))
            {
                outgoing.Add(udpClient.Listener, udpClient.Address, segment);
                outgoing.Flush();
                relayed++;
            }
        });

        Assert.Equal(0, measured.Allocated);
        Assert.Equal(measured.Steps, relayed);
        Assert.Equal(4 + 160, (await client.ReceiveAsync()).Length);
    }

    [Fact]
    public async Task PeerToPolledTcpClient_FrameAndNonBlockingSend_AllocateNothing()
    {
        Assert.True(LinuxSocketCalls.IsSupported, "TCP clients are served by the relay pollers on 64-bit Linux, where these tests run");
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.AllowedPeerAddresses.Add("127.0.0.0/8"));
        await using TurnTestClient client = await fixture.AllocatedClientAsync(tcp: true);
        var peer = new IPEndPoint(IPAddress.Loopback, 40000);
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer)).Type.Class);
        Assert.True(fixture.Server.Allocations.TryGet(TcpFiveTupleOf(fixture, client), out Allocation allocation));
        var connection = Assert.IsType<PolledTcpConnection>(allocation.Client);
        byte[] buffer = GC.AllocateUninitializedArray<byte>(RelayEndpoint.Headroom + 4 + 4, pinned: true);
        TransportAddress from = TransportAddress.FromIPEndPoint(peer);
        await MakeBacklogAsync(client, connection, allocation, buffer, from);
        long droppedBefore = connection.Dropped;
        var gathered = new ArraySegment<byte>[2];
        int sent = 0;

        // One frame on its own, then the same frame twice in one gathering send, as a poller sends a relay socket's batch.
        // 8-byte frames: all of them (36 KB at most) fit in the backlog even if the reader falls behind, so none is dropped.
        Measurement measured = Measure(() =>
        {
            if (allocation.TryFrameFromPeer(buffer, 4, from, out Memory<byte> frame) && connection.SendRelayed(frame.Span)
                && MemoryMarshal.TryGetArray(frame, out ArraySegment<byte> segment))
            {
                gathered[0] = gathered[1] = segment;
                connection.SendRelayed(gathered);
                sent += 3;
            }
        });

        Assert.Equal(0, measured.Allocated);
        long dropped = connection.Dropped - droppedBefore;
        Assert.True(sent == 3 * measured.Steps && dropped == 0, $"{sent} frames sent and {dropped} dropped");
        Assert.Equal(4 + 4, (await client.ReceiveAsync()).Length);
    }

    [Fact]
    public async Task PeerToStreamTcpClient_FrameAndWrite_AllocateNothing()
    {
        // A TCP client on the portable path (and every TLS client): its allocation's relay loop frames a peer's datagram
        // and writes it to the client's stream.
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o =>
        {
            o.IoPath = IoPath.Portable;
            o.AllowedPeerAddresses.Add("127.0.0.0/8");
        });
        await using TurnTestClient client = await fixture.AllocatedClientAsync(tcp: true);
        var peer = new IPEndPoint(IPAddress.Loopback, 40000);
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer)).Type.Class);
        Assert.True(fixture.Server.Allocations.TryGet(TcpFiveTupleOf(fixture, client), out Allocation allocation));
        Assert.IsType<StreamClientConnection>(allocation.Client);
        byte[] buffer = new byte[RelayEndpoint.Headroom + 4 + 4];
        SocketAddress from = TransportAddress.FromIPEndPoint(peer).ToSocketAddress();

        // The ChannelBind response's write may hold the connection's write lock an instant after the client has read it.
        await Condition.WaitUntilAsync(() => CompletedSynchronously(allocation.ForwardFromPeerAsync(buffer, 4, from, CancellationToken.None)),
            () => "a frame written to the idle stream client did not complete at once");
        Measurement measured = Measure(() => Assert.True(CompletedSynchronously(allocation.ForwardFromPeerAsync(buffer, 4, from, CancellationToken.None))));

        Assert.Equal(0, measured.Allocated);
        for (int i = 0; i < measured.Steps; i++)
        {
            byte[] frame = await client.ReceiveAsync();
            Assert.True(frame.Length == 4 + 4, $"frame {i} reached the client as {frame.Length} bytes");
        }
    }

    /// <summary>
    /// Fills the client's socket until a frame is dropped, then lets the client read everything: the connection's backlog,
    /// made once when its socket first fills, then exists before the measurement, which counts per-frame allocations only.
    /// </summary>
    private static async Task MakeBacklogAsync(
        TurnTestClient client, PolledTcpConnection connection, Allocation allocation, byte[] buffer, TransportAddress from)
    {
        client.PauseReading();
        int accepted = 0;
        for (int i = 0; i < 500_000 && connection.Dropped == 0; i++)
        {
            if (allocation.TryFrameFromPeer(buffer, 4, from, out Memory<byte> frame) && connection.SendRelayed(frame.Span))
            {
                accepted++;
            }
        }

        Assert.True(connection.Dropped > 0, $"The client's socket took {accepted} frames without filling up");
        client.ResumeReading();
        for (int i = 0; i < accepted; i++)
        {
            await client.ReceiveAsync();
        }
    }

    [Fact]
    public async Task RelayCounters_RecordEveryPacket_AndAllocateNothing_WhileAListenerIsAttached()
    {
        using var meters = new TurnMeterRecorder();
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.AllowedPeerAddresses.Add("127.0.0.0/8"), meters);
        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);
        FiveTuple fiveTuple = FiveTupleOf(fixture, client);
        Assert.True(fixture.Server.Allocations.TryGet(fiveTuple, out Allocation allocation));
        byte[] channelData = new byte[4 + 160];
        BinaryPrimitives.WriteUInt16BigEndian(channelData, 0x4000);
        BinaryPrimitives.WriteUInt16BigEndian(channelData.AsSpan(2), 160);
        byte[] buffer = new byte[RelayEndpoint.Headroom + 160 + 4];
        SocketAddress fromPeer = TransportAddress.FromIPEndPoint(peer.EndPoint).ToSocketAddress();
        byte[] response = new byte[1024];
        var noConnections = new NoConnections();

        Measurement measured = Measure(() =>
        {
            fixture.Server.Router.HandlePacket(channelData, fiveTuple, noConnections, response);
            Assert.True(CompletedSynchronously(allocation.ForwardFromPeerAsync(buffer, 160, fromPeer, CancellationToken.None)));
        });

        Assert.Equal(0, measured.Allocated);
        Assert.Equal((measured.Steps, measured.Steps * 160L), (meters.PacketsToPeer, meters.BytesToPeer));
        Assert.Equal((measured.Steps, measured.Steps * 160L), (meters.PacketsToClient, meters.BytesToClient));
        Assert.Equal(1, meters.Allocations);
    }

    /// <summary>
    /// What the relay step allocates on this thread. A first pass of <see cref="Iterations"/> steps lets the runtime do
    /// what it does once (JIT, tiering, on-stack replacement, lazy statics); then passes are measured until one allocates
    /// nothing, <see cref="MeasuredPasses"/> at most, and the least is reported. An allocation per packet shows in every
    /// pass; the runtime's one-time work, which under load can come late (2,288 bytes once in a dozen full runs), in one.
    /// </summary>
    private static Measurement Measure(Action relayStep)
    {
        RunSteps(relayStep);
        int steps = Iterations;
        long least = long.MaxValue;
        for (int pass = 0; pass < MeasuredPasses && least > 0; pass++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            RunSteps(relayStep);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            steps += Iterations;
        }

        return new Measurement(least, steps);
    }

    private static void RunSteps(Action relayStep)
    {
        for (int i = 0; i < Iterations; i++)
        {
            relayStep();
        }
    }

    private static bool CompletedSynchronously(ValueTask send) => send.IsCompletedSuccessfully;

    /// <summary>The bytes the least allocating measured pass allocated, and how many steps ran in all.</summary>
    private readonly record struct Measurement(long Allocated, int Steps);

    private static FiveTuple FiveTupleOf(TurnServerFixture fixture, TurnTestClient client) => new(
        TransportProtocol.Udp,
        TransportAddress.FromIPEndPoint(client.LocalEndPoint),
        TransportAddress.FromIPEndPoint(fixture.Server.UdpEndPoints[0]));

    private static FiveTuple TcpFiveTupleOf(TurnServerFixture fixture, TurnTestClient client) => new(
        TransportProtocol.Tcp,
        TransportAddress.FromIPEndPoint(client.LocalEndPoint),
        TransportAddress.FromIPEndPoint(fixture.Server.TcpEndPoints[0]));

    private sealed class NoConnections : IClientConnectionFactory
    {
        public ClientConnection GetConnection(in FiveTuple fiveTuple) => throw new InvalidOperationException("The relay path must not create connections.");
    }
}
