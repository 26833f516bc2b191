namespace Parley.Turn.Stun.Attributes;

/// <summary>ADDITIONAL-ADDRESS-FAMILY: asks for a second relayed address of this family (only 0x02 IPv6 is valid), then 3 RFFU bytes. RFC 8656 §18.11.</summary>
internal readonly record struct AdditionalAddressFamilyAttribute(byte Family) : IStunAttribute<AdditionalAddressFamilyAttribute>
{
    public static StunAttributeType Type => StunAttributeType.AdditionalAddressFamily;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out AdditionalAddressFamilyAttribute attribute)
    {
        attribute = default;
        if (value.Length != 4)
        {
            return false;
        }

        attribute = new AdditionalAddressFamilyAttribute(value[0]);
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

        destination[0] = Family;
        destination[1..4].Clear();
        bytesWritten = 4;
        return true;
    }
}
