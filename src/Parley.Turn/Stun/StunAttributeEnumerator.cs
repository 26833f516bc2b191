using System.Buffers.Binary;

namespace Parley.Turn.Stun;

/// <summary>One attribute as it sits in the message: its type and its unpadded value.</summary>
internal readonly ref struct StunAttributeView(ushort type, ReadOnlySpan<byte> value)
{
    public ushort Type { get; } = type;

    public ReadOnlySpan<byte> Value { get; } = value;
}

/// <summary>Walks attributes already validated by <see cref="StunMessageReader.TryParse"/>.</summary>
internal ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _message;
    private int _next;

    public StunAttributeEnumerator(ReadOnlySpan<byte> messageUpToLookupEnd)
    {
        _message = messageUpToLookupEnd;
        _next = StunMessageReader.HeaderLength;
        Current = default;
    }

    public StunAttributeView Current { get; private set; }

    public bool MoveNext()
    {
        if (_next + StunMessageReader.AttributeHeaderLength > _message.Length)
        {
            return false;
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(_message[_next..]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(_next + 2)..]);
        Current = new StunAttributeView(type, _message.Slice(_next + StunMessageReader.AttributeHeaderLength, length));
        _next += StunMessageReader.AttributeHeaderLength + StunMessageReader.Pad(length);
        return true;
    }
}
