namespace Parley.Turn.Stun.Attributes;

/// <summary>XOR-MAPPED-ADDRESS: the client's reflexive transport address as the server saw it. RFC 8489 §14.2.</summary>
internal readonly record struct XorMappedAddressAttribute(TransportAddress Address) : IStunAttribute<XorMappedAddressAttribute>
{
    public static StunAttributeType Type => StunAttributeType.XorMappedAddress;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out XorMappedAddressAttribute attribute)
    {
        bool ok = XorAddressCodec.TryRead(value, transactionId, out TransportAddress address);
        attribute = new XorMappedAddressAttribute(address);
        return ok;
    }

    public int GetEncodedLength() => XorAddressCodec.GetEncodedLength(Address);

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten) =>
        XorAddressCodec.TryWrite(Address, destination, transactionId, out bytesWritten);
}
