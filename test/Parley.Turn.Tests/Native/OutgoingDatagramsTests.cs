using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Turn.Native;

namespace Parley.Turn.Tests.Native;

/// <summary>
/// A relay poller's round holds frames for clients of several listener sockets (one per listener thread), interleaved:
/// each must leave from the socket it was queued for, in order, and none may be lost when a queue fills or when more
/// sockets appear than are kept apart.
/// </summary>
public class OutgoingDatagramsTests
{
    [Fact]
    public void InterleavedFrames_ForSeveralSockets_EachLeaveFromTheirSocket_InOrder()
    {
        Assert.True(LinuxSocketCalls.IsSupported, "sendmmsg runs on 64-bit Linux, where these tests run");
        const int sockets = 10; // more than the queues kept apart, so one round also reuses them
        const int perSocket = 7; // more than the capacity, so a queue also fills mid-round
        List<Socket> senders = [.. Enumerable.Range(0, sockets).Select(_ => Bound())];
        using var receiver = Bound();
        receiver.ReceiveTimeout = 5000;
        SocketAddress to = ((IPEndPoint)receiver.LocalEndPoint!).Serialize();
        byte[] frames = GC.AllocateArray<byte>(sockets * perSocket, pinned: true);
        try
        {
            using var outgoing = new OutgoingDatagrams(4, NullLogger.Instance);
            for (int i = 0; i < perSocket; i++)
            {
                for (int s = 0; s < sockets; s++)
                {
                    int index = (s * perSocket) + i;
                    frames[index] = (byte)index;
                    outgoing.Add(senders[s], to, new ArraySegment<byte>(frames, index, 1));
                }
            }

            outgoing.Flush();

            var next = new int[sockets];
            byte[] buffer = new byte[16];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            for (int n = 0; n < sockets * perSocket; n++)
            {
                int length = receiver.ReceiveFrom(buffer, ref from);
                int s = senders.FindIndex(sender => sender.LocalEndPoint!.Equals(from));
                Assert.True(length == 1 && s >= 0, $"datagram {n}: {length} bytes from {from}, not one of the senders");
                Assert.True(buffer[0] == (s * perSocket) + next[s], $"socket {s} sent frame {buffer[0]} where {(s * perSocket) + next[s]} was due");
                next[s]++;
            }
        }
        finally
        {
            senders.ForEach(s => s.Dispose());
        }
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
