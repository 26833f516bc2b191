namespace Parley.Turn.Stun.Attributes;

/// <summary>XOR-PEER-ADDRESS: a peer's address as seen from the relay. RFC 8656 §18.3.</summary>
internal readonly record struct XorPeerAddressAttribute(TransportAddress Address) : IStunAttribute<XorPeerAddressAttribute>
{
    public static StunAttributeType Type => StunAttributeType.XorPeerAddress;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out XorPeerAddressAttribute attribute)
    {
        bool ok = XorAddressCodec.TryRead(value, transactionId, out TransportAddress address);
        attribute = new XorPeerAddressAttribute(address);
        return ok;
    }

    public int GetEncodedLength() => XorAddressCodec.GetEncodedLength(Address);

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten) =>
        XorAddressCodec.TryWrite(Address, destination, transactionId, out bytesWritten);
}
