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
    private readonly byte* _messages;
    private readonly byte* _ioVectors;
    private readonly byte* _addresses;
    private Socket? _socket;
    private int _count;

    public OutgoingDatagrams(int capacity, ILogger logger)
    {
        Capacity = capacity;
        _logger = logger;
        _messages = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * MessageSize));
        _ioVectors = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * IoVectorSize));
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * AddressSize));
        for (int i = 0; i < capacity; i++)
        {
            byte* message = _messages + (i * MessageSize);
            *(nint*)message = (nint)(_addresses + (i * AddressSize));
            *(nint*)(message + IoVectorOffset) = (nint)(_ioVectors + (i * IoVectorSize));
            *(nint*)(message + IoVectorCountOffset) = 1;
        }
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
        address.CopyTo(new Span<byte>(_addresses + (_count * AddressSize), AddressSize));
        byte* message = _messages + (_count * MessageSize);
        *(uint*)(message + NameLengthOffset) = (uint)address.Length;
        byte* ioVector = _ioVectors + (_count * IoVectorSize);
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
                int result = LinuxSocketCalls.SendMessages(handle.DangerousGetHandle(), _messages + (sent * MessageSize), (uint)(_count - sent), 0);
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

    public void Dispose()
    {
        NativeMemory.Free(_messages);
        NativeMemory.Free(_ioVectors);
        NativeMemory.Free(_addresses);
    }
}
