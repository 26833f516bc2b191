namespace Parley.Turn.Stun.Attributes;

/// <summary>NONCE: the server's nonce, less than 128 characters (763 bytes). RFC 8489 §14.10.</summary>
internal readonly record struct NonceAttribute(string Value) : IStunAttribute<NonceAttribute>
{
    public const int MaxBytes = 763;

    public static StunAttributeType Type => StunAttributeType.Nonce;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out NonceAttribute attribute)
    {
        bool ok = StunText.TryRead(value, MaxBytes - 1, out string text);
        attribute = new NonceAttribute(text);
        return ok;
    }

    public int GetEncodedLength() => StunText.GetByteCount(Value);

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten) =>
        StunText.TryWrite(Value, destination, out bytesWritten);
}
