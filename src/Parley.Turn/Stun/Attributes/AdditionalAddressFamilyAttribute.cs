namespace Parley.Turn.Stun.Attributes;

/// <summary>ADDITIONAL-ADDRESS-FAMILY: asks for a second relayed address of this family (only 0x02 IPv6 is valid), then 3 RFFU bytes. RFC 8656 §18.11.</summary>
internal readonly record struct AdditionalAddressFamilyAttribute(byte Family) : IStunAttribute<AdditionalAddressFamilyAttribute>
{
    public static StunAttributeType Type => StunAttributeType.AdditionalAddressFamily;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out AdditionalAddressFamilyAttribute attribute)
    {
        var ok = ByteWithReservedCodec.TryRead(value, out var first);
        attribute = new AdditionalAddressFamilyAttribute(first);
        return ok;
    }

    public int GetEncodedLength() => ByteWithReservedCodec.Length;

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten) =>
        ByteWithReservedCodec.TryWrite(destination, Family, out bytesWritten);
}
