using System.Buffers.Binary;

namespace Parley.Turn.Stun.Attributes;

/// <summary>
/// LIFETIME: seconds until the allocation expires without a refresh, a 32-bit unsigned integer.
/// RFC 8656 §18.2.
/// </summary>
internal readonly record struct LifetimeAttribute(uint Seconds) : IStunAttribute<LifetimeAttribute>
{
    public static StunAttributeType Type => StunAttributeType.Lifetime;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out LifetimeAttribute attribute)
    {
        attribute = default;
        if (value.Length != 4)
        {
            return false;
        }

        attribute = new LifetimeAttribute(BinaryPrimitives.ReadUInt32BigEndian(value));
        return true;
    }

    public int GetEncodedLength() => 4;

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten)
    {
        bytesWritten = BinaryPrimitives.TryWriteUInt32BigEndian(destination, Seconds) ? 4 : 0;
        return bytesWritten == 4;
    }
}
