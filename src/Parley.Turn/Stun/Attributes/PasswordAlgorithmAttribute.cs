using System.Buffers.Binary;

namespace Parley.Turn.Stun.Attributes;

/// <summary>
/// PASSWORD-ALGORITHM: the algorithm the client chose for the long-term key. MD5 and SHA-256 take no
/// parameters, so the parameter length must be 0.
/// <code>
///  |          Algorithm           |  Algorithm Parameters Length   |
///  |                    Algorithm Parameters (variable)
/// </code>
/// RFC 8489 §14.12.
/// </summary>
internal readonly record struct PasswordAlgorithmAttribute(PasswordAlgorithm Algorithm) : IStunAttribute<PasswordAlgorithmAttribute>
{
    public static StunAttributeType Type => StunAttributeType.PasswordAlgorithm;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out PasswordAlgorithmAttribute attribute)
    {
        attribute = default;
        if (value.Length != 4 || BinaryPrimitives.ReadUInt16BigEndian(value[2..]) != 0)
        {
            return false;
        }

        attribute = new PasswordAlgorithmAttribute((PasswordAlgorithm)BinaryPrimitives.ReadUInt16BigEndian(value));
        return true;
    }

    public int GetEncodedLength() => 4;

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < 4)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)Algorithm);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        bytesWritten = 4;
        return true;
    }
}
