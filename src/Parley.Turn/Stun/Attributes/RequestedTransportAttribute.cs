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
        attribute = default;
        if (value.Length != 4)
        {
            return false;
        }

        attribute = new RequestedTransportAttribute(value[0]);
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

        destination[0] = Protocol;
        destination[1..4].Clear();
        bytesWritten = 4;
        return true;
    }
}
