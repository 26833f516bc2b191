using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Parley.Turn.Allocations;
using Parley.Turn.Handlers;
using Parley.Turn.Stun;

namespace Parley.Turn.Transports;

/// <summary>
/// STUN/TURN over UDP: one socket, one receive thread. Each datagram is handled to completion (including the
/// relay send) before the next is read; the buffers are allocated once. A dedicated thread blocked in recvfrom
/// wakes straight into the handler, with none of the event-loop and thread-pool hops of an async receive, which
/// cost more than the relaying itself. RFC 8656 §3.1 ("MUST support UDP").
/// </summary>
internal sealed class UdpListener : IClientConnectionFactory, IAsyncDisposable
{
    // Big enough for any UDP payload, so a datagram is never truncated into something that parses.
    private const int ReceiveBufferSize = 65536;

    private readonly Socket _socket;
    private readonly TurnPacketRouter _router;
    private readonly ILogger _logger;
    private readonly TransportAddress _localAddress;
    private Thread? _thread;

    public UdpListener(IPEndPoint endPoint, TurnPacketRouter router, ILogger logger)
    {
        _router = router;
        _logger = logger;
        _socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = false;
        }

        // Absorbs bursts while the thread is busy; the kernel caps it at net.core.rmem_max.
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.Bind(endPoint);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _localAddress = TransportAddress.FromIPEndPoint(LocalEndPoint);
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Start()
    {
        _thread = new Thread(ReceiveLoop) { IsBackground = true, Name = $"TURN UDP {LocalEndPoint}" };
        _thread.Start();
    }

    public ClientConnection GetConnection(in FiveTuple fiveTuple) =>
        new UdpClientConnection(_socket, fiveTuple.Client.ToSocketAddress(), _logger);

    public ValueTask DisposeAsync()
    {
        // Closing the socket aborts the thread's blocking receive.
        _socket.Dispose();
        _thread?.Join();
        return ValueTask.CompletedTask;
    }

    private void ReceiveLoop()
    {
        byte[] receive = GC.AllocateUninitializedArray<byte>(ReceiveBufferSize, pinned: true);
        byte[] response = new byte[TurnPacketRouter.ResponseBufferSize];
        var remote = new SocketAddress(_socket.AddressFamily);
        while (true)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(receive, SocketFlags.None, remote);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP port unreachable (reported as ConnectionReset on Windows) and the like: keep serving.
                _logger.SendFailed("UDP receive", e.SocketErrorCode);
                continue;
            }

            HandleDatagram(receive.AsSpan(0, received), remote, response);
        }
    }

    private void HandleDatagram(ReadOnlySpan<byte> datagram, SocketAddress remote, byte[] response)
    {
        try
        {
            var fiveTuple = new FiveTuple(TransportProtocol.Udp, TransportAddress.FromSocketAddress(remote), _localAddress);
            int length = _router.HandlePacket(datagram, fiveTuple, this, response);
            if (length > 0)
            {
                _socket.SendTo(response.AsSpan(0, length), SocketFlags.None, remote);
            }
        }
        catch (SocketException e)
        {
            _logger.SendFailed("client", e.SocketErrorCode);
        }
        catch (Exception e) when (e is not ObjectDisposedException)
        {
            // One bad packet must not stop the listener for everyone else.
            _logger.PacketHandlingFailed(e, "UDP", LocalEndPoint);
        }
    }
}
