using System.Buffers.Binary;

namespace Parley.Turn.Stun.Attributes;

/// <summary>
/// CHANNEL-NUMBER: the 16-bit channel number, then 16 RFFU bits. Valid numbers are 0x4000-0x4FFF.
/// RFC 8656 §18.1 and §12.
/// </summary>
internal readonly record struct ChannelNumberAttribute(ushort Number) : IStunAttribute<ChannelNumberAttribute>
{
    public static StunAttributeType Type => StunAttributeType.ChannelNumber;

    public bool IsInRange(ushort maximum) => Number >= ChannelData.MinimumChannel && Number <= maximum;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out ChannelNumberAttribute attribute)
    {
        attribute = default;
        if (value.Length != 4)
        {
            return false;
        }

        attribute = new ChannelNumberAttribute(BinaryPrimitives.ReadUInt16BigEndian(value));
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

        BinaryPrimitives.WriteUInt16BigEndian(destination, Number);
        destination[2..4].Clear();
        bytesWritten = 4;
        return true;
    }
}
