namespace Parley.Turn.Stun.Attributes;

/// <summary>USERNAME: the user name of the long-term credential, less than 513 bytes of UTF-8. RFC 8489 §14.3.</summary>
internal readonly record struct UsernameAttribute(string Value) : IStunAttribute<UsernameAttribute>
{
    public const int MaxBytes = 513;

    public static StunAttributeType Type => StunAttributeType.Username;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out UsernameAttribute attribute)
    {
        bool ok = StunText.TryRead(value, MaxBytes - 1, out string text);
        attribute = new UsernameAttribute(text);
        return ok;
    }

    public int GetEncodedLength() => StunText.GetByteCount(Value);

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten) =>
        StunText.TryWrite(Value, destination, out bytesWritten);
}
