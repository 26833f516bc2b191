namespace Parley.Turn.Stun;

/// <summary>
/// The verbs every typed attribute shares, over the attribute <em>value</em> (the TLV header is the
/// message reader's and writer's business). The transaction ID is passed because the XOR address
/// attributes are obfuscated with it (RFC 8489 §14.2); other attributes ignore it.
/// </summary>
internal interface IStunAttribute<TSelf>
    where TSelf : IStunAttribute<TSelf>, allows ref struct
{
    static abstract StunAttributeType Type { get; }

    /// <summary>Parses a value; false when it is malformed.</summary>
    static abstract bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out TSelf attribute);

    /// <summary>The unpadded value length.</summary>
    int GetEncodedLength();

    /// <summary>Writes the unpadded value; false when <paramref name="destination"/> is too small.</summary>
    bool TryWrite(Span<byte> destination, StunTransactionId transactionId, out int bytesWritten);
}
