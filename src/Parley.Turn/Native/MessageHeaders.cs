using System.Runtime.InteropServices;
using static Parley.Turn.Native.MessageHeaderLayout;

namespace Parley.Turn.Native;

/// <summary>
/// Native <c>struct mmsghdr</c> array for <c>recvmmsg</c>/<c>sendmmsg</c>: each message points at its own address slot
/// and at one <c>struct iovec</c>, whose buffer the owner sets. Allocated once, freed on dispose.
/// </summary>
internal sealed unsafe class MessageHeaders : IDisposable
{
    private readonly byte* _messages;
    private readonly byte* _ioVectors;
    private readonly byte* _addresses;

    public MessageHeaders(int capacity)
    {
        _messages = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * MessageSize));
        _ioVectors = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * IoVectorSize));
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * AddressSize));
        for (int i = 0; i < capacity; i++)
        {
            byte* message = Message(i);
            *(nint*)(message + NameOffset) = (nint)Address(i);
            *(nint*)(message + IoVectorOffset) = (nint)IoVector(i);
            *(nint*)(message + IoVectorCountOffset) = 1;
        }
    }

    public byte* Message(int index) => _messages + (index * MessageSize);

    public byte* IoVector(int index) => _ioVectors + (index * IoVectorSize);

    public byte* Address(int index) => _addresses + (index * AddressSize);

    public void Dispose()
    {
        NativeMemory.Free(_messages);
        NativeMemory.Free(_ioVectors);
        NativeMemory.Free(_addresses);
    }
}
