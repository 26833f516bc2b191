using System.Buffers.Binary;

namespace Parley.Turn.Stun.Attributes;

/// <summary>
/// UNKNOWN-ATTRIBUTES: the comprehension-required attribute types that caused a 420 response, 16 bits each.
/// RFC 8489 §14.13.
/// </summary>
internal readonly record struct UnknownAttributesAttribute(ushort[] Types) : IStunAttribute<UnknownAttributesAttribute>
{
    public static StunAttributeType Type => StunAttributeType.UnknownAttributes;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out UnknownAttributesAttribute attribute)
    {
        attribute = new UnknownAttributesAttribute([]);
        if (value.Length % 2 != 0)
        {
            return false;
        }

        var types = new ushort[value.Length / 2];
        for (int i = 0; i < types.Length; i++)
        {
            types[i] = BinaryPrimitives.ReadUInt16BigEndian(value[(i * 2)..]);
        }

        attribute = new UnknownAttributesAttribute(types);
        return true;
    }

    public int GetEncodedLength() => Types.Length * 2;

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten)
    {
        bytesWritten = GetEncodedLength();
        if (destination.Length < bytesWritten)
        {
            bytesWritten = 0;
            return false;
        }

        for (int i = 0; i < Types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(i * 2)..], Types[i]);
        }

        return true;
    }
}
