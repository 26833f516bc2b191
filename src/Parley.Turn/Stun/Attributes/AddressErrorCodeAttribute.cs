namespace Parley.Turn.Stun.Attributes;

/// <summary>
/// ADDRESS-ERROR-CODE: why the relayed address of one family of a dual allocation could not be made.
/// <code>
///  |  Family       |    Reserved             |Class|     Number    |
///  |      Reason Phrase (variable)                                ..
/// </code>
/// RFC 8656 §18.12.
/// </summary>
internal readonly record struct AddressErrorCodeAttribute(byte Family, StunErrorCode Code, string Reason) : IStunAttribute<AddressErrorCodeAttribute>
{
    public AddressErrorCodeAttribute(byte family, StunErrorCode code)
        : this(family, code, StunErrorCodes.GetReasonPhrase(code))
    {
    }

    public static StunAttributeType Type => StunAttributeType.AddressErrorCode;

    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out AddressErrorCodeAttribute attribute)
    {
        attribute = default;
        if (!ErrorCodeValue.TryRead(value, out int code, out string reason))
        {
            return false;
        }

        attribute = new AddressErrorCodeAttribute(value[0], (StunErrorCode)code, reason);
        return true;
    }

    public int GetEncodedLength() => 4 + StunText.GetByteCount(Reason);

    public bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten) =>
        ErrorCodeValue.TryWrite(Family, (int)Code, Reason, destination, out bytesWritten);
}
