using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using static Parley.Turn.Native.MessageHeaderLayout;

namespace Parley.Turn.Native;

/// <summary>
/// Datagrams waiting to go out, sent with one <c>sendmmsg</c> per socket: a relay poller collects the frames of every
/// socket that was ready in one round and sends them at once. They go back to clients through the listener sockets,
/// several per port (one per listener thread), so the frames are queued per socket: interleaved clients of different
/// listener sockets would otherwise cut the batch at every change. The frames stay in their pinned receive buffers
/// until <see cref="Flush"/>.
/// </summary>
internal sealed class OutgoingDatagrams(int capacity, ILogger logger) : IDisposable
{
    // Listener sockets kept apart in one round; a frame for yet another one first sends everything queued.
    private const int MaxSockets = 8;

    private readonly SocketQueue?[] _queues = new SocketQueue?[MaxSockets];
    private int _used;

    public int Capacity { get; } = capacity;

    /// <summary>
    /// Queues <paramref name="frame"/> (a slice of a pinned array) for <paramref name="to"/> on <paramref name="socket"/>.
    /// A full queue for that socket is sent first.
    /// </summary>
    public void Add(Socket socket, SocketAddress to, ArraySegment<byte> frame)
    {
        SocketQueue queue = QueueFor(socket);
        if (queue.Count == Capacity)
        {
            queue.Send(logger);
        }

        queue.Add(to, frame);
    }

    /// <summary>Sends what is queued. A datagram the kernel refuses is logged and skipped, like a failed sendto.</summary>
    public void Flush()
    {
        for (int i = 0; i < _used; i++)
        {
            _queues[i]!.Send(logger);
        }
    }

    public void Dispose()
    {
        foreach (SocketQueue? queue in _queues)
        {
            queue?.Dispose();
        }
    }

    private SocketQueue QueueFor(Socket socket)
    {
        for (int i = 0; i < _used; i++)
        {
            if (_queues[i]!.Socket == socket)
            {
                return _queues[i]!;
            }
        }

        if (_used == MaxSockets)
        {
            Flush();
            _used = 0;
        }

        // Slots keep their socket across rounds, so a steady set of listener sockets allocates nothing after the first.
        SocketQueue queue = _queues[_used] ??= new SocketQueue(Capacity);
        queue.Socket = socket;
        _used++;
        return queue;
    }

    private sealed unsafe class SocketQueue(int capacity) : IDisposable
    {
        private readonly MessageHeaders _headers = new(capacity);

        public Socket? Socket { get; set; }

        public int Count { get; private set; }

        public void Add(SocketAddress to, ArraySegment<byte> frame)
        {
            ReadOnlySpan<byte> address = to.Buffer.Span[..to.Size];
            address.CopyTo(new Span<byte>(_headers.Address(Count), AddressSize));
            *(uint*)(_headers.Message(Count) + NameLengthOffset) = (uint)address.Length;
            byte* ioVector = _headers.IoVector(Count);
            *(nint*)ioVector = Marshal.UnsafeAddrOfPinnedArrayElement(frame.Array!, frame.Offset);
            *(nint*)(ioVector + 8) = frame.Count;
            Count++;
        }

        public void Send(ILogger logger)
        {
            if (Socket is null || Count == 0)
            {
                return;
            }

            SafeSocketHandle handle = Socket.SafeHandle;
            bool added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                int sent = 0;
                while (sent < Count)
                {
                    int result = LinuxSocketCalls.SendMessages(handle.DangerousGetHandle(), _headers.Message(sent), (uint)(Count - sent), 0);
                    if (result > 0)
                    {
                        sent += result;
                        continue;
                    }

                    int errno = Marshal.GetLastPInvokeError();
                    logger.NativeCallFailed("sendmmsg to clients", errno);
                    sent++;
                }
            }
            catch (ObjectDisposedException)
            {
                // The listener is shutting down.
            }
            finally
            {
                if (added)
                {
                    handle.DangerousRelease();
                }

                Count = 0;
            }
        }

        public void Dispose() => _headers.Dispose();
    }
}
