namespace Parley.Turn.Stun.Attributes;

/// <summary>XOR-RELAYED-ADDRESS: the relayed transport address the server allocated. RFC 8656 §18.5.</summary>
internal readonly record struct XorRelayedAddressAttribute(TransportAddress Address) : IStunAttribute<XorRelayedAddressAttribute>
{
    public static StunAttributeType Type => StunAttributeType.XorRelayedAddress;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out XorRelayedAddressAttribute attribute)
    {
        bool ok = XorAddressCodec.TryRead(value, transactionId, out TransportAddress address);
        attribute = new XorRelayedAddressAttribute(address);
        return ok;
    }

    public int GetEncodedLength() => XorAddressCodec.GetEncodedLength(Address);

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten) =>
        XorAddressCodec.TryWrite(Address, destination, transactionId, out bytesWritten);
}
