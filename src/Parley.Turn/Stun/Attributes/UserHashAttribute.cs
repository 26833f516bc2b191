namespace Parley.Turn.Stun.Attributes;

/// <summary>
/// USERHASH: SHA-256 of the username and realm, sent instead of USERNAME to keep the user name private.
/// RFC 8489 §14.4, §9.2.2.
/// </summary>
internal readonly record struct UserHashAttribute(byte[] Hash) : IStunAttribute<UserHashAttribute>
{
    public const int Length = 32;

    public static StunAttributeType Type => StunAttributeType.UserHash;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out UserHashAttribute attribute)
    {
        attribute = new UserHashAttribute([]);
        if (value.Length != Length)
        {
            return false;
        }

        attribute = new UserHashAttribute(value.ToArray());
        return true;
    }

    public int GetEncodedLength() => Hash.Length;

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten)
    {
        bytesWritten = Hash.AsSpan().TryCopyTo(destination) ? Hash.Length : 0;
        return bytesWritten == Hash.Length;
    }
}
