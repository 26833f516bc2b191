namespace Parley.Turn.Stun.Attributes;

/// <summary>
/// DATA: the application payload of a Send or Data indication, held as a span into the datagram so the
/// relay path never copies it. RFC 8656 §18.4.
/// </summary>
internal readonly ref struct DataAttribute : IStunAttribute<DataAttribute>
{
    public DataAttribute(ReadOnlySpan<byte> payload) => Payload = payload;

    public static StunAttributeType Type => StunAttributeType.Data;

    public ReadOnlySpan<byte> Payload { get; }

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out DataAttribute attribute)
    {
        attribute = new DataAttribute(value);
        return true;
    }

    public int GetEncodedLength() => Payload.Length;

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten)
    {
        bytesWritten = Payload.TryCopyTo(destination) ? Payload.Length : 0;
        return bytesWritten == Payload.Length;
    }
}
