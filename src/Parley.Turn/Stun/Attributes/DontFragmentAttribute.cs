namespace Parley.Turn.Stun.Attributes;

/// <summary>DONT-FRAGMENT: no value; asks the server to set the DF bit towards peers. RFC 8656 §18.9.</summary>
internal readonly record struct DontFragmentAttribute : IStunAttribute<DontFragmentAttribute>
{
    public static StunAttributeType Type => StunAttributeType.DontFragment;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out DontFragmentAttribute attribute)
    {
        attribute = default;
        return value.IsEmpty;
    }

    public int GetEncodedLength() => 0;

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten)
    {
        bytesWritten = 0;
        return true;
    }
}
