using System.Buffers.Binary;

namespace Parley.Turn.Stun.Attributes;

/// <summary>RESERVATION-TOKEN: an 8-byte token naming a relay port reserved by EVEN-PORT. RFC 8656 §18.10.</summary>
internal readonly record struct ReservationTokenAttribute(ulong Token) : IStunAttribute<ReservationTokenAttribute>
{
    public static StunAttributeType Type => StunAttributeType.ReservationToken;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out ReservationTokenAttribute attribute)
    {
        attribute = default;
        if (value.Length != 8)
        {
            return false;
        }

        attribute = new ReservationTokenAttribute(BinaryPrimitives.ReadUInt64BigEndian(value));
        return true;
    }

    public int GetEncodedLength() => 8;

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten)
    {
        bytesWritten = BinaryPrimitives.TryWriteUInt64BigEndian(destination, Token) ? 8 : 0;
        return bytesWritten == 8;
    }
}
