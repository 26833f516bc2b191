using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Parley.Turn.Stun;
using static Parley.Turn.Native.MessageHeaderLayout;

namespace Parley.Turn.Native;

/// <summary>
/// Buffers for one <c>recvmmsg</c> call: <see cref="Capacity"/> pinned datagram buffers, each with
/// <see cref="Headroom"/> bytes in front of the payload, their source addresses and the native
/// <c>struct mmsghdr</c>/<c>struct iovec</c> arrays pointing at them. Allocated once per receiving thread.
/// </summary>
internal sealed unsafe class DatagramBatch : IDisposable
{
    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;

    private readonly byte[][] _buffers;
    private readonly MessageHeaders _headers;

    public DatagramBatch(int capacity, int headroom, int maxPayload)
    {
        Capacity = capacity;
        Headroom = headroom;
        MaxPayload = maxPayload;
        _buffers = new byte[capacity][];
        _headers = new MessageHeaders(capacity);
        for (int i = 0; i < capacity; i++)
        {
            // A little slack after the payload for the padding of a stream frame (RFC 8656 §12.5).
            _buffers[i] = GC.AllocateUninitializedArray<byte>(headroom + maxPayload + 4, pinned: true);
            byte* ioVector = _headers.IoVector(i);
            *(nint*)ioVector = Marshal.UnsafeAddrOfPinnedArrayElement(_buffers[i], headroom);
            *(nint*)(ioVector + 8) = maxPayload;
        }
    }

    public int Capacity { get; }

    public int Headroom { get; }

    public int MaxPayload { get; }

    /// <summary>
    /// Receives up to <paramref name="count"/> datagrams into the slots from <paramref name="start"/> on: those already
    /// queued on <paramref name="fd"/> (with <see cref="LinuxSocketCalls.MsgDontWait"/>), or the first one to come and
    /// what else is queued then (<see cref="LinuxSocketCalls.MsgWaitForOne"/>). Returns how many, or -1 with the error
    /// in <paramref name="errno"/>.
    /// </summary>
    public int Receive(nint fd, int flags, int start, int count, out int errno)
    {
        for (int i = start; i < start + count; i++)
        {
            // The kernel overwrites the address length with the real one on every receive.
            *(uint*)(_headers.Message(i) + NameLengthOffset) = AddressSize;
        }

        int received = LinuxSocketCalls.ReceiveMessages(fd, _headers.Message(start), (uint)count, flags, null);
        errno = received < 0 ? Marshal.GetLastPInvokeError() : 0;
        return received;
    }

    /// <summary>The buffer of datagram <paramref name="index"/>; its payload starts at <see cref="Headroom"/>.</summary>
    public byte[] Buffer(int index) => _buffers[index];

    public int Length(int index) => (int)*(uint*)(_headers.Message(index) + LengthOffset);

    /// <summary>Whether datagram <paramref name="index"/> was longer than <see cref="MaxPayload"/> and got cut.</summary>
    public bool IsTruncated(int index) => (*(int*)(_headers.Message(index) + FlagsOffset) & LinuxSocketCalls.MsgTruncated) != 0;

    /// <summary>The source of datagram <paramref name="index"/>, or false for an address family that is not IP.</summary>
    public bool TryGetSource(int index, out TransportAddress source)
    {
        var raw = new ReadOnlySpan<byte>(_headers.Address(index), AddressSize);
        ushort family = MemoryMarshal.Read<ushort>(raw);
        ushort port = BinaryPrimitives.ReadUInt16BigEndian(raw[2..]);
        source = family switch
        {
            AfInet => TransportAddress.FromAddressBytes(raw.Slice(4, TransportAddress.IPv4Length), port),
            AfInet6 => TransportAddress.FromAddressBytes(raw.Slice(8, TransportAddress.IPv6Length), port),
            _ => default,
        };
        return family is AfInet or AfInet6;
    }

    public void Dispose() => _headers.Dispose();
}
