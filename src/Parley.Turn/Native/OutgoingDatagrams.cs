using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using static Parley.Turn.Native.MessageHeaderLayout;

namespace Parley.Turn.Native;

/// <summary>
/// Datagrams waiting to go out on one socket, sent together with one <c>sendmmsg</c>: a relay poller collects the
/// frames of every socket that was ready in one round (they all go back to clients through the same listener socket)
/// and sends them at once. The frames stay in their pinned receive buffers until <see cref="Flush"/>.
/// </summary>
internal sealed unsafe class OutgoingDatagrams : IDisposable
{
    private readonly ILogger _logger;
    private readonly MessageHeaders _headers;
    private Socket? _socket;
    private int _count;

    public OutgoingDatagrams(int capacity, ILogger logger)
    {
        Capacity = capacity;
        _logger = logger;
        _headers = new MessageHeaders(capacity);
    }

    public int Capacity { get; }

    /// <summary>
    /// Queues <paramref name="frame"/> (a slice of a pinned array) for <paramref name="to"/> on <paramref name="socket"/>.
    /// Datagrams for another socket, or a full queue, are sent first.
    /// </summary>
    public void Add(Socket socket, SocketAddress to, ArraySegment<byte> frame)
    {
        if ((_socket is not null && _socket != socket) || _count == Capacity)
        {
            Flush();
        }

        _socket = socket;
        ReadOnlySpan<byte> address = to.Buffer.Span[..to.Size];
        address.CopyTo(new Span<byte>(_headers.Address(_count), AddressSize));
        *(uint*)(_headers.Message(_count) + NameLengthOffset) = (uint)address.Length;
        byte* ioVector = _headers.IoVector(_count);
        *(nint*)ioVector = Marshal.UnsafeAddrOfPinnedArrayElement(frame.Array!, frame.Offset);
        *(nint*)(ioVector + 8) = frame.Count;
        _count++;
    }

    /// <summary>Sends what is queued. A datagram the kernel refuses is logged and skipped, like a failed sendto.</summary>
    public void Flush()
    {
        if (_socket is null || _count == 0)
        {
            return;
        }

        SafeSocketHandle handle = _socket.SafeHandle;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int sent = 0;
            while (sent < _count)
            {
                int result = LinuxSocketCalls.SendMessages(handle.DangerousGetHandle(), _headers.Message(sent), (uint)(_count - sent), 0);
                if (result > 0)
                {
                    sent += result;
                    continue;
                }

                int errno = Marshal.GetLastPInvokeError();
                _logger.NativeCallFailed("sendmmsg to clients", errno);
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

            _socket = null;
            _count = 0;
        }
    }

    public void Dispose() => _headers.Dispose();
}
