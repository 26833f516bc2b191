using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Parley.Turn.Allocations;
using Parley.Turn.Stun;
using Parley.Turn.Tests.TestUtils;
using Parley.Turn.Transports;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// TCP clients, on the relay pollers (batched path) and on their own async loops (portable path): the byte stream is
/// split into frames whatever the segments, a client that stops reading loses relayed datagrams (never a part of one)
/// without holding up anyone else, and a closed connection takes its allocation with it.
/// </summary>
public abstract class TcpClientTests : IoPathTests
{
    private const ushort Channel = 0x4000;
    private const int FloodDatagrams = 3000;
    private const int FloodSize = 1000;

    private protected TcpClientTests(IoPath ioPath)
        : base(ioPath)
    {
    }

    [Fact]
    public async Task ClientThatStopsReading_DoesNotStallAnotherTcpClientsRelay_AndItsStreamStaysWhole()
    {
        // The flood is more than a second of the default bandwidth cap, and the fake clock never refills it: without
        // lifting the cap, the cap and not the stalled connection's backlog would decide what is dropped.
        await using TurnServerFixture fixture = await StartAsync(o => o.MaxAllocationBandwidth = 0);
        await using TurnTestClient stalled = await fixture.AllocatedClientAsync(tcp: true);
        await using TurnTestClient healthy = await fixture.AllocatedClientAsync(tcp: true);
        using var stalledPeer = new UdpPeer();
        using var healthyPeer = new UdpPeer();
        IPEndPoint stalledRelay = await BindAndLearnRelayAsync(stalled, stalledPeer);
        IPEndPoint healthyRelay = await BindAndLearnRelayAsync(healthy, healthyPeer);

        stalled.PauseReading();
        byte[] big = new byte[FloodSize];
        int healthySent = 0;
        for (int i = 0; i < FloodDatagrams; i++)
        {
            await stalledPeer.SendAsync(big, stalledRelay);
            if (i % 100 == 0)
            {
                await healthyPeer.SendAsync([(byte)healthySent], healthyRelay);
                healthySent++;
            }
        }

        for (int i = 0; i < healthySent; i++)
        {
            byte[] frame = await healthy.ReceiveAsync();
            Assert.True(frame.Length == 8 && frame[4] == i, $"the reading client's frame {i} of {healthySent} was wrong or late: {frame.Length} bytes");
        }

        if (IoPath == IoPath.Batched)
        {
            // The poller drops what finds the connection's backlog full, and counts it; the portable path stops reading
            // the relay socket while a write waits, and the kernel drops what overflows the socket.
            PolledTcpConnection connection = Assert.IsType<PolledTcpConnection>(AllocationOf(fixture, stalled).Client);
            Assert.True(connection.Dropped > 0, "the client that stopped reading had nothing dropped: its backlog is not bounded");
        }

        stalled.ResumeReading();
        StunTestMessage binding = await stalled.RequestAsync(TurnTestClient.Build(StunMethod.Binding, StunClass.Request));
        Assert.Equal(StunClass.SuccessResponse, binding.Type.Class);
        int relayed = await ReceiveUntilMarkerAsync(stalled, stalledPeer, stalledRelay);

        Assert.True(relayed is > 0 and < FloodDatagrams,
            $"{relayed} of the {FloodDatagrams} datagrams sent while the client did not read reached it: all of them means nothing bounds what waits for it");
    }

    [Fact]
    public async Task SeveralFramesInOneSegment_AndAFrameSplitAcrossSegments_AreAllAnswered()
    {
        await using TurnServerFixture fixture = await StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(fixture.Server.TcpEndPoints[0]).DefaultTimeout();
        byte[][] requests = [.. Enumerable.Range(0, 4).Select(_ => TurnTestClient.Build(StunMethod.Binding, StunClass.Request))];

        // Three requests in one write, the fourth cut after 7 bytes (inside the STUN header) and finished once the
        // first three are answered: the server has read the first write by then, so the rest comes in a read of its own.
        await socket.SendAsync(requests[0].Concat(requests[1]).Concat(requests[2]).Concat(requests[3][..7]).ToArray(), SocketFlags.None);
        for (int i = 0; i < 3; i++)
        {
            await AssertAnsweredAsync(socket, requests[i]);
        }

        await socket.SendAsync(requests[3][7..], SocketFlags.None);
        await AssertAnsweredAsync(socket, requests[3]);
    }

    [Fact]
    public async Task ChannelDataSplitAcrossSegments_IsRelayedWhole()
    {
        await using TurnServerFixture fixture = await StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync(tcp: true);
        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(Channel, peer.EndPoint)).Type.Class);
        byte[] frame = new byte[4 + 300];
        BinaryPrimitives.WriteUInt16BigEndian(frame, Channel);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), 300);
        frame[4] = 42;

        // Each write once the server has read the one before, so it reads the frame in three pieces.
        IPEndPoint server = fixture.Server.TcpEndPoints[0];
        await client.SendRawAsync(frame[..2]);
        await TcpReceiveQueue.WaitUntilReadAsync(server, client.LocalEndPoint);
        await client.SendRawAsync(frame[2..150]);
        await TcpReceiveQueue.WaitUntilReadAsync(server, client.LocalEndPoint);
        await client.SendRawAsync([.. frame[150..], .. frame]);

        for (int i = 0; i < 2; i++)
        {
            (byte[] data, _) = await peer.ReceiveAsync();
            Assert.True(data.Length == 300 && data[0] == 42, $"datagram {i} reached the peer as {data.Length} bytes");
        }
    }

    [Fact]
    public async Task ClosingTheConnection_FreesItsAllocationAndRelaySocket()
    {
        await using TurnServerFixture fixture = await StartAsync(o => o.MaxAllocations = 1);
        TurnTestClient client = await fixture.AllocatedClientAsync(tcp: true);
        using var peer = new UdpPeer();
        IPEndPoint relay = await BindAndLearnRelayAsync(client, peer);

        await client.DisposeAsync();
        await Condition.WaitUntilAsync(() => fixture.Server.Allocations.Count == 0,
            () => $"{fixture.Server.Allocations.Count} allocation(s) left after the client closed its connection");

        await peer.SendAsync([1], relay);
        await using TurnTestClient next = await fixture.AllocatedClientAsync(tcp: true);
        Assert.Equal(1, fixture.Server.Allocations.Count);
    }

    [Fact]
    public async Task StoppingTheServer_ClosesItsTcpClients()
    {
        await using TurnServerFixture fixture = await StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(fixture.Server.TcpEndPoints[0]).DefaultTimeout();
        await socket.SendAsync(TurnTestClient.Build(StunMethod.Binding, StunClass.Request), SocketFlags.None);
        await ReadStunMessageAsync(socket);

        await fixture.DisposeAsync().AsTask().DefaultTimeout();

        int read = await socket.ReceiveAsync(new byte[16], SocketFlags.None).DefaultTimeout();
        Assert.True(read == 0, "the TCP client's connection stayed open after the server stopped");
    }

    /// <summary>Binds <see cref="Channel"/> to the peer and has the client send it a datagram, whose source is the relay.</summary>
    private static async Task<IPEndPoint> BindAndLearnRelayAsync(TurnTestClient client, UdpPeer peer)
    {
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(Channel, peer.EndPoint)).Type.Class);
        await client.SendChannelDataAsync(Channel, [7]);
        (_, IPEndPoint relay) = await peer.ReceiveAsync();
        return relay;
    }

    /// <summary>
    /// Reads relayed frames, each of which must be whole ChannelData, until a marker the peer sends after them arrives;
    /// returns how many came before it. The peer sends the marker again should the client not see it within a while:
    /// a relay socket still full of the flood may drop it.
    /// </summary>
    private static async Task<int> ReceiveUntilMarkerAsync(TurnTestClient client, UdpPeer peer, IPEndPoint relay)
    {
        byte[] marker = [0x4D, 0x41, 0x52, 0x4B];
        int relayed = 0;
        for (int sent = 0; sent < 10; sent++)
        {
            await peer.SendAsync(marker, relay);
            while (await client.ReceiveWithinAsync(TimeSpan.FromSeconds(1)) is { } frame)
            {
                if (frame.AsSpan(4).SequenceEqual(marker))
                {
                    return relayed;
                }

                Assert.True(frame.Length == 4 + FloodSize && BinaryPrimitives.ReadUInt16BigEndian(frame) == Channel,
                    $"frame {relayed} after the stall is not whole ChannelData: {frame.Length} bytes");
                relayed++;
            }
        }

        Assert.Fail($"the peer's marker never reached the client; {relayed} frames came");
        return relayed;
    }

    private static Allocation AllocationOf(TurnServerFixture fixture, TurnTestClient client)
    {
        var fiveTuple = new FiveTuple(TransportProtocol.Tcp, TransportAddress.FromIPEndPoint(client.LocalEndPoint),
            TransportAddress.FromIPEndPoint(fixture.Server.TcpEndPoints[0]));
        Assert.True(fixture.Server.Allocations.TryGet(fiveTuple, out Allocation allocation), "the TCP client has no allocation");
        return allocation;
    }

    private static async Task AssertAnsweredAsync(Socket socket, byte[] request)
    {
        StunTestMessage response = StunTestMessage.Parse(await ReadStunMessageAsync(socket));
        Assert.Equal(StunClass.SuccessResponse, response.Type.Class);
        Assert.Equal(StunTestMessage.Parse(request).TransactionId, response.TransactionId);
    }

    private static async Task<byte[]> ReadStunMessageAsync(Socket socket)
    {
        byte[] header = new byte[20];
        await ReadExactlyAsync(socket, header);
        byte[] message = new byte[20 + BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2))];
        header.CopyTo(message, 0);
        await ReadExactlyAsync(socket, message.AsMemory(20));
        return message;
    }

    private static async Task ReadExactlyAsync(Socket socket, Memory<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            int read = await socket.ReceiveAsync(buffer, SocketFlags.None).AsTask().DefaultTimeout();
            Assert.True(read > 0, "the server closed the connection mid-message");
            buffer = buffer[read..];
        }
    }

    public sealed class Batched() : TcpClientTests(IoPath.Batched);

    public sealed class Portable() : TcpClientTests(IoPath.Portable);
}
