namespace Parley.Turn.Stun.Attributes;

/// <summary>REQUESTED-ADDRESS-FAMILY: the family of the relayed address the client wants (0x01 IPv4, 0x02 IPv6), then 3 RFFU bytes. RFC 8656 §18.6.</summary>
internal readonly record struct RequestedAddressFamilyAttribute(byte Family) : IStunAttribute<RequestedAddressFamilyAttribute>
{
    public static StunAttributeType Type => StunAttributeType.RequestedAddressFamily;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out RequestedAddressFamilyAttribute attribute)
    {
        attribute = default;
        if (value.Length != 4)
        {
            return false;
        }

        attribute = new RequestedAddressFamilyAttribute(value[0]);
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
