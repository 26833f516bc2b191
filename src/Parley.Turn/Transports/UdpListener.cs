using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Parley.Turn.Allocations;
using Parley.Turn.Handlers;
using Parley.Turn.Native;
using Parley.Turn.Stun;

namespace Parley.Turn.Transports;

/// <summary>
/// STUN/TURN over UDP: one socket, one receive thread (a <see cref="UdpListenerGroup"/> runs several on one port). Each datagram is handled to completion (including the
/// relay send) before the next is read; the buffers are allocated once. A dedicated thread blocked in the receive
/// wakes straight into the handler, with none of the event-loop and thread-pool hops of an async receive, which
/// cost more than the relaying itself. On Linux one <c>recvmmsg</c> takes every datagram queued (up to a batch),
/// so a busy listener makes one receive call per batch rather than per datagram. RFC 8656 §3.1 ("MUST support UDP").
/// </summary>
internal sealed class UdpListener : IClientConnectionFactory, IAsyncDisposable
{
    // Big enough for any UDP payload, so a datagram is never truncated into something that parses.
    private const int ReceiveBufferSize = 65536;

    // Datagrams taken per recvmmsg: enough to drain a burst, small enough to stay in cache.
    private const int BatchSize = 8;

    // Stopping wakes the blocked receive by shutting the socket down; this timeout is the backstop, and how often an
    // idle receive thread wakes.
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromSeconds(1);

    private readonly Socket _socket;
    private readonly TurnPacketRouter _router;
    private readonly ILogger _logger;
    private readonly TransportAddress _localAddress;
    private readonly bool _batched;
    private Thread? _thread;
    private volatile bool _stopping;

    /// <summary>
    /// Serves <paramref name="socket"/>, already bound (see <see cref="UdpListenerGroup"/>), with <c>recvmmsg</c> when
    /// <paramref name="batched"/>, else with a receive per datagram; disposing the listener closes it.
    /// </summary>
    public UdpListener(Socket socket, TurnPacketRouter router, ILogger logger, bool batched)
    {
        _router = router;
        _logger = logger;
        _socket = socket;
        _batched = batched;
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _localAddress = TransportAddress.FromIPEndPoint(LocalEndPoint);
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Start()
    {
        ThreadStart loop = ReceiveLoop;
        if (_batched)
        {
            // The blocking recvmmsg returns when this runs out, so the thread sees _stopping.
            _socket.ReceiveTimeout = (int)StopCheckInterval.TotalMilliseconds;
            loop = BatchReceiveLoop;
        }

        _thread = new Thread(loop) { IsBackground = true, Name = $"TURN UDP {LocalEndPoint}" };
        _thread.Start();
    }

    public ClientConnection GetConnection(in FiveTuple fiveTuple) =>
        new UdpClientConnection(_socket, fiveTuple.Client.ToSocketAddress(), _logger);

    public ValueTask DisposeAsync()
    {
        _stopping = true;
        if (_batched)
        {
            // The batch loop holds the socket while it waits in recvmmsg. Shutting the socket down wakes that wait
            // on Linux (reported as an error for an unconnected socket); the receive timeout is the backstop.
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // ENOTCONN: expected, the wait is woken all the same.
            }

            _thread?.Join();
            _socket.Dispose();
        }
        else
        {
            // Closing the socket aborts the thread's blocking receive.
            _socket.Dispose();
            _thread?.Join();
        }

        return ValueTask.CompletedTask;
    }

    private void BatchReceiveLoop()
    {
        using var batch = new DatagramBatch(BatchSize, 0, ReceiveBufferSize);
        byte[] response = new byte[TurnPacketRouter.ResponseBufferSize];
        var replyTo = new SocketAddress(_socket.AddressFamily);
        SafeSocketHandle handle = _socket.SafeHandle;
        while (!_stopping)
        {
            int received;
            int errno;
            bool added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                received = batch.Receive(handle.DangerousGetHandle(), LinuxSocketCalls.MsgWaitForOne, 0, BatchSize, out errno);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            finally
            {
                if (added)
                {
                    handle.DangerousRelease();
                }
            }

            if (received < 0)
            {
                // Timeouts (EAGAIN) just let the loop look at _stopping; ICMP errors (ECONNREFUSED) and the like are
                // logged and the next datagram read.
                if (errno is not LinuxSocketCalls.ErrorWouldBlock and not LinuxSocketCalls.ErrorInterrupted && !_stopping)
                {
                    _logger.NativeCallFailed("UDP receive", errno);
                }

                continue;
            }

            for (int i = 0; i < received; i++)
            {
                if (batch.TryGetSource(i, out TransportAddress source) && !batch.IsTruncated(i))
                {
                    HandleDatagram(batch.Buffer(i).AsSpan(0, batch.Length(i)), source, replyTo, response);
                }
            }
        }
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
                _logger.SocketOperationFailed("UDP receive", e.SocketErrorCode);
                continue;
            }

            HandleDatagram(receive.AsSpan(0, received), TransportAddress.FromSocketAddress(remote), remote, response);
        }
    }

    /// <summary>Handles one datagram from <paramref name="source"/>; a response goes back through <paramref name="replyTo"/>.</summary>
    private void HandleDatagram(ReadOnlySpan<byte> datagram, in TransportAddress source, SocketAddress replyTo, byte[] response)
    {
        try
        {
            var fiveTuple = new FiveTuple(TransportProtocol.Udp, source, _localAddress);
            int length = _router.HandlePacket(datagram, fiveTuple, this, response);
            if (length > 0)
            {
                source.CopyTo(replyTo);
                _socket.SendTo(response.AsSpan(0, length), SocketFlags.None, replyTo);
            }
        }
        catch (SocketException e)
        {
            _logger.SocketOperationFailed("Send to client", e.SocketErrorCode);
        }
        catch (Exception e) when (e is not ObjectDisposedException)
        {
            // One bad packet must not stop the listener for everyone else.
            _logger.PacketHandlingFailed(e, "UDP", LocalEndPoint);
        }
    }
}
