namespace Parley.Turn.Stun.Attributes;

/// <summary>
/// ERROR-CODE: a three-digit code split into class (hundreds) and number, then a UTF-8 reason phrase.
/// <code>
///  |           Reserved, should be 0         |Class|     Number    |
///  |      Reason Phrase (variable)                                ..
/// </code>
/// RFC 8489 §14.8.
/// </summary>
internal readonly record struct ErrorCodeAttribute(StunErrorCode Code, string Reason) : IStunAttribute<ErrorCodeAttribute>
{
    public ErrorCodeAttribute(StunErrorCode code)
        : this(code, StunErrorCodes.GetReasonPhrase(code))
    {
    }

    public static StunAttributeType Type => StunAttributeType.ErrorCode;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out ErrorCodeAttribute attribute)
    {
        attribute = default;
        if (!ErrorCodeValue.TryRead(value, out int code, out string reason))
        {
            return false;
        }

        attribute = new ErrorCodeAttribute((StunErrorCode)code, reason);
        return true;
    }

    public int GetEncodedLength() => 4 + StunText.GetByteCount(Reason);

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten) =>
        ErrorCodeValue.TryWrite(0, (int)Code, Reason, destination, out bytesWritten);
}
