namespace Parley.Turn.Stun.Attributes;

/// <summary>
/// EVEN-PORT: asks for an even relay port; the R bit also asks to reserve the next port up.
/// <code>
///  |R|    RFFU     |
/// </code>
/// RFC 8656 §18.7.
/// </summary>
internal readonly record struct EvenPortAttribute(bool ReserveNextPort) : IStunAttribute<EvenPortAttribute>
{
    public static StunAttributeType Type => StunAttributeType.EvenPort;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out EvenPortAttribute attribute)
    {
        attribute = default;
        if (value.Length != 1)
        {
            return false;
        }

        attribute = new EvenPortAttribute((value[0] & 0x80) != 0);
        return true;
    }

    public int GetEncodedLength() => 1;

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.IsEmpty)
        {
            return false;
        }

        destination[0] = ReserveNextPort ? (byte)0x80 : (byte)0;
        bytesWritten = 1;
        return true;
    }
}
