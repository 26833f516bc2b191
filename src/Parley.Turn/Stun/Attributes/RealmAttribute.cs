namespace Parley.Turn.Stun.Attributes;

/// <summary>REALM: the authentication realm, less than 128 characters (763 bytes). RFC 8489 §14.9.</summary>
internal readonly record struct RealmAttribute(string Value) : IStunAttribute<RealmAttribute>
{
    public const int MaxBytes = 763;

    public static StunAttributeType Type => StunAttributeType.Realm;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out RealmAttribute attribute)
    {
        bool ok = StunText.TryRead(value, MaxBytes - 1, out string text);
        attribute = new RealmAttribute(text);
        return ok;
    }

    public int GetEncodedLength() => StunText.GetByteCount(Value);

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten) =>
        StunText.TryWrite(Value, destination, out bytesWritten);
}
