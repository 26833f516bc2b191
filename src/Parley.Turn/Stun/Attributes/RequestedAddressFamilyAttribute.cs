namespace Parley.Turn.Stun.Attributes;

/// <summary>REQUESTED-ADDRESS-FAMILY: the family of the relayed address the client wants (0x01 IPv4, 0x02 IPv6), then 3 RFFU bytes. RFC 8656 §18.6.</summary>
internal readonly record struct RequestedAddressFamilyAttribute(byte Family) : IStunAttribute<RequestedAddressFamilyAttribute>
{
    public static StunAttributeType Type => StunAttributeType.RequestedAddressFamily;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out RequestedAddressFamilyAttribute attribute)
    {
        var ok = ByteWithReservedCodec.TryRead(value, out var first);
        attribute = new RequestedAddressFamilyAttribute(first);
        return ok;
    }

    public int GetEncodedLength() => ByteWithReservedCodec.Length;

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten) =>
        ByteWithReservedCodec.TryWrite(destination, Family, out bytesWritten);
}
