namespace Parley.Turn.Stun.Attributes;

/// <summary>
/// REQUESTED-TRANSPORT: the IP protocol number of the relay the client wants (17 = UDP), then 3 RFFU bytes.
/// RFC 8656 §18.8.
/// </summary>
internal readonly record struct RequestedTransportAttribute(byte Protocol) : IStunAttribute<RequestedTransportAttribute>
{
    public const byte Udp = 17;

    public static StunAttributeType Type => StunAttributeType.RequestedTransport;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out RequestedTransportAttribute attribute)
    {
        var ok = ByteWithReservedCodec.TryRead(value, out var first);
        attribute = new RequestedTransportAttribute(first);
        return ok;
    }

    public int GetEncodedLength() => ByteWithReservedCodec.Length;

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten) =>
        ByteWithReservedCodec.TryWrite(destination, Protocol, out bytesWritten);
}
