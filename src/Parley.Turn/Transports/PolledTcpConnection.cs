using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Parley.Turn.Allocations;
using Parley.Turn.Handlers;
using Parley.Turn.Native;

namespace Parley.Turn.Transports;

/// <summary>
/// A plain TCP client served by a <see cref="RelayPoller"/> thread (64-bit Linux), with its allocation's relay sockets
/// on the same thread: what epoll reports readable is read with one non-blocking <c>recv</c>, split into frames and
/// handled there; frames to the client go out with a non-blocking <c>send</c>. What the socket cannot take waits in a
/// bounded backlog, drained when epoll reports the socket writable. A peer's datagram that finds the backlog full is
/// dropped and counted, as a congested link would drop it, so a client that reads slowly stalls nobody, not even its
/// own relay socket. STUN responses are never dropped (a client that does not read them is disconnected) and no frame
/// is ever sent in part ahead of another. RFC 8656 §3.1.
/// </summary>
internal sealed unsafe class PolledTcpConnection : ClientConnection, IClientConnectionFactory
{
    /// <summary>
    /// What the kernel may hold unsent for the client (it doubles the figure for its bookkeeping). Left alone, Linux
    /// grows a busy connection's send buffer to megabytes: seconds of stale media queued for a client that cannot keep up.
    /// </summary>
    public const int SocketSendBufferSize = 64 * 1024;

    /// <summary>Relayed frames queue up to this many bytes behind a full socket; beyond it they are dropped.</summary>
    public const int RelayBacklogLimit = 64 * 1024;

    // Above the relay limit, room for the rest of a frame the socket took in part and for responses, never dropped.
    private const int BacklogCapacity = RelayBacklogLimit + StreamFraming.MaxFrameLength + (8 * TurnPacketRouter.ResponseBufferSize);

    private readonly Socket _socket;
    private readonly SafeSocketHandle _handle;
    private readonly FiveTuple _fiveTuple;
    private readonly TurnPacketRouter _router;
    private readonly TurnMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Action<PolledTcpConnection> _onClosed;
    private readonly Lock _gate = new();
    private readonly byte[] _received = GC.AllocateUninitializedArray<byte>(StreamFraming.MaxFrameLength, pinned: true);
    private readonly TcpSendBacklog _backlog = new(BacklogCapacity);
    private int _buffered;
    private bool _closed;

    public PolledTcpConnection(Socket socket, in FiveTuple fiveTuple, TurnPacketRouter router, TurnMetrics metrics, ILogger logger, Action<PolledTcpConnection> onClosed)
    {
        _socket = socket;
        _handle = socket.SafeHandle;
        _fiveTuple = fiveTuple;
        _router = router;
        _metrics = metrics;
        _logger = logger;
        _onClosed = onClosed;
        socket.NoDelay = true;
        socket.SendBufferSize = SocketSendBufferSize;
    }

    public override TransportProtocol Protocol => TransportProtocol.Tcp;

    /// <summary>The poller that serves this connection; its allocation's relay sockets are added to the same one.</summary>
    public RelayPoller? Poller { get; private set; }

    /// <summary>The socket's descriptor, for the poller.</summary>
    public SafeSocketHandle Handle => _handle;

    /// <summary>Relayed frames dropped because the backlog was full.</summary>
    public long Dropped { get; private set; }

    internal IPollerWatch? Watch { get; set; }

    public ClientConnection GetConnection(in FiveTuple fiveTuple) => this;

    /// <summary>Starts serving on <paramref name="poller"/>; false (the connection is closed) when it cannot watch the socket.</summary>
    public bool Start(RelayPoller poller)
    {
        Poller = poller;
        if (poller.TryAdd(this))
        {
            return true;
        }

        Close("the relay poller could not watch it");
        return false;
    }

    /// <summary>A relay loop's frame (the portable path, should a relay socket not be polled): dropped when the backlog is full.</summary>
    public override ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        SendRelayed(frame.Span);
        return default;
    }

    /// <summary>Sends a peer's framed datagram, or drops it (counted) when the client is this far behind.</summary>
    public bool SendRelayed(ReadOnlySpan<byte> frame) => Send(frame, relayed: true);

    /// <summary>
    /// Sends peers' framed datagrams (slices of pinned arrays) with one gathering <c>sendmsg</c>, dropping (and counting)
    /// those that find the backlog full, as <see cref="SendRelayed(ReadOnlySpan{byte})"/> does for one.
    /// </summary>
    public void SendRelayed(ReadOnlySpan<ArraySegment<byte>> frames)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            int next = 0;
            if (_backlog.IsEmpty)
            {
                int sent = SendNow(frames);
                while (next < frames.Length && sent >= frames[next].Count)
                {
                    sent -= frames[next++].Count;
                }

                // Part of a frame is in the socket: the rest goes first, whatever the limit, or the stream breaks.
                if (sent > 0)
                {
                    Enqueue(frames[next++].AsSpan(sent));
                }
            }

            for (; next < frames.Length && !_closed; next++)
            {
                QueueOrDrop(frames[next], relayed: true);
            }
        }
    }

    /// <summary>What epoll reported for the socket: reads it and handles its frames, and drains the backlog.</summary>
    public void OnReady(uint events, byte[] response)
    {
        if ((events & LinuxSocketCalls.EpollOut) != 0)
        {
            Flush();
        }

        if ((events & (LinuxSocketCalls.EpollIn | LinuxSocketCalls.EpollError | LinuxSocketCalls.EpollHangUp)) != 0)
        {
            Read(response);
        }
    }

    /// <summary>Closes the connection and deletes its allocation (RFC 8656 §3.1: the 5-tuple's lifetime). Idempotent.</summary>
    public override void Close(string reason)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
        }

        Watch?.Dispose();
        _router.OnConnectionClosed(_fiveTuple);
        _socket.Dispose();
        _onClosed(this);
        _logger.TcpConnectionClosed(_fiveTuple, reason);
    }

    private void Read(byte[] response)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            nint read = ReceiveNow(out int errno);
            if (read == 0)
            {
                Close("closed by the client");
                return;
            }

            if (read < 0)
            {
                if (errno is not LinuxSocketCalls.ErrorWouldBlock and not LinuxSocketCalls.ErrorInterrupted)
                {
                    Close($"receive failed: errno {errno}");
                }

                return;
            }

            _buffered += (int)read;
            HandleFrames(response);
        }
    }

    private void HandleFrames(byte[] response)
    {
        int consumed = 0;
        while (!_closed)
        {
            ReadOnlySpan<byte> rest = _received.AsSpan(consumed, _buffered - consumed);
            FrameStatus status = StreamFraming.TryGetFrameLength(rest, StreamFraming.MaxFrameLength, out int frameLength);
            if (status == FrameStatus.Invalid)
            {
                Close("not a STUN or ChannelData stream");
                return;
            }

            if (status == FrameStatus.NeedMoreData)
            {
                break;
            }

            consumed += frameLength;
            try
            {
                int responseLength = _router.HandlePacket(rest[..frameLength], _fiveTuple, this, response);
                if (responseLength > 0)
                {
                    Send(response.AsSpan(0, responseLength), relayed: false);
                }
            }
            catch (Exception e)
            {
                // One bad frame must not stop the poller thread that serves many other clients.
                _logger.ForwardFailed(e);
            }
        }

        _received.AsSpan(consumed, _buffered - consumed).CopyTo(_received);
        _buffered -= consumed;
    }

    private bool Send(ReadOnlySpan<byte> frame, bool relayed)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            if (_backlog.IsEmpty)
            {
                int sent = SendNow(frame);
                if (sent < 0)
                {
                    return false;
                }

                if (sent == frame.Length)
                {
                    return true;
                }

                // Part of the frame is in the socket: the rest goes first, whatever the limit, or the stream breaks.
                if (sent > 0)
                {
                    Enqueue(frame[sent..]);
                    return true;
                }
            }

            return QueueOrDrop(frame, relayed);
        }
    }

    /// <summary>Queues a whole frame behind a full socket, or drops it (a relayed one over the limit).</summary>
    private bool QueueOrDrop(ReadOnlySpan<byte> frame, bool relayed)
    {
        int queued = _backlog.Count;
        if (relayed && queued + frame.Length > RelayBacklogLimit)
        {
            Dropped++;
            _metrics.DroppedToClient();
            return false;
        }

        if (queued + frame.Length > BacklogCapacity)
        {
            Close("it does not read its responses");
            return false;
        }

        Enqueue(frame);
        return true;
    }

    /// <summary>Bytes the socket took now (0 when it is full), or -1 after an error (the read side closes the connection).</summary>
    private int SendNow(ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            nint sent = SendCall(start, data.Length, out int errno);
            if (sent >= 0)
            {
                return (int)sent;
            }

            if (errno is LinuxSocketCalls.ErrorWouldBlock or LinuxSocketCalls.ErrorInterrupted)
            {
                return 0;
            }

            _logger.NativeCallFailed("send to TCP client", errno);
            return -1;
        }
    }

    /// <summary>Bytes of <paramref name="frames"/> the socket took now (0 when full or after an error).</summary>
    private int SendNow(ReadOnlySpan<ArraySegment<byte>> frames)
    {
        const int IoVectorSize = MessageHeaderLayout.IoVectorSize;
        byte* message = stackalloc byte[MessageHeaderLayout.HeaderSize];
        byte* ioVectors = stackalloc byte[frames.Length * IoVectorSize];
        new Span<byte>(message, MessageHeaderLayout.HeaderSize).Clear();
        for (int i = 0; i < frames.Length; i++)
        {
            *(nint*)(ioVectors + (i * IoVectorSize)) = Marshal.UnsafeAddrOfPinnedArrayElement(frames[i].Array!, frames[i].Offset);
            *(nint*)(ioVectors + (i * IoVectorSize) + 8) = frames[i].Count;
        }

        *(nint*)(message + MessageHeaderLayout.IoVectorOffset) = (nint)ioVectors;
        *(nint*)(message + MessageHeaderLayout.IoVectorCountOffset) = frames.Length;
        bool added = false;
        nint sent;
        int errno;
        try
        {
            _handle.DangerousAddRef(ref added);
            sent = LinuxSocketCalls.SendMessage(_handle.DangerousGetHandle(), message, LinuxSocketCalls.MsgDontWait | LinuxSocketCalls.MsgNoSignal);
            errno = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }

        if (sent < 0 && errno is not LinuxSocketCalls.ErrorWouldBlock and not LinuxSocketCalls.ErrorInterrupted)
        {
            _logger.NativeCallFailed("send to TCP client", errno);
        }

        return (int)Math.Max(0, sent);
    }

    private void Enqueue(ReadOnlySpan<byte> data)
    {
        bool wasEmpty = _backlog.IsEmpty;
        _backlog.Append(data);
        if (wasEmpty)
        {
            Watch?.WatchWritable(true);
        }
    }

    private void Flush()
    {
        lock (_gate)
        {
            if (_closed || _backlog.IsEmpty)
            {
                return;
            }

            int sent = SendNow(_backlog.Pending);
            if (sent > 0)
            {
                _backlog.Consume(sent);
            }

            if (_backlog.IsEmpty)
            {
                Watch?.WatchWritable(false);
            }
        }
    }

    private nint ReceiveNow(out int errno)
    {
        bool added = false;
        try
        {
            // The reference keeps the descriptor from being closed (and reused by another socket) during the call.
            _handle.DangerousAddRef(ref added);
            fixed (byte* free = &_received[_buffered])
            {
                nint result = LinuxSocketCalls.Receive(_handle.DangerousGetHandle(), free, (nuint)(_received.Length - _buffered), LinuxSocketCalls.MsgDontWait);
                errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
                return result;
            }
        }
        catch (ObjectDisposedException)
        {
            errno = 0;
            return 0;
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    private nint SendCall(byte* data, int length, out int errno)
    {
        bool added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            nint result = LinuxSocketCalls.Send(_handle.DangerousGetHandle(), data, (nuint)length, LinuxSocketCalls.MsgDontWait | LinuxSocketCalls.MsgNoSignal);
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            return result;
        }
        catch (ObjectDisposedException)
        {
            errno = 0;
            return -1;
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }
}
