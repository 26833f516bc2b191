namespace Parley.Turn.Stun.Attributes;

/// <summary>SOFTWARE: the agent's name and version, less than 128 characters (763 bytes). RFC 8489 §14.14.</summary>
internal readonly record struct SoftwareAttribute(string Value) : IStunAttribute<SoftwareAttribute>
{
    public const int MaxBytes = 763;

    public static StunAttributeType Type => StunAttributeType.Software;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out SoftwareAttribute attribute)
    {
        bool ok = StunText.TryRead(value, MaxBytes - 1, out string text);
        attribute = new SoftwareAttribute(text);
        return ok;
    }

    public int GetEncodedLength() => StunText.GetByteCount(Value);

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten) =>
        StunText.TryWrite(Value, destination, out bytesWritten);
}
