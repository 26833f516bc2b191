using System.Buffers.Binary;

namespace Parley.Turn.Stun;

/// <summary>
/// Builds one STUN message in a caller-owned buffer: header first, then attributes, then optionally
/// MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT in that order (RFC 8489 §14.5-§14.7).
/// The length field is kept current after every append. Buffers are sized by the server, so running out
/// of room is a bug and throws.
/// </summary>
internal ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public StunMessageWriter(Span<byte> buffer, StunMessageType type, StunTransactionId transactionId)
    {
        if (buffer.Length < StunMessageReader.HeaderLength)
        {
            throw new ArgumentException("A STUN message needs at least 20 bytes.", nameof(buffer));
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, type.Value);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunMessageReader.MagicCookie);
        transactionId.Write(buffer[8..]);
        TransactionId = transactionId;
        _length = StunMessageReader.HeaderLength;
        UpdateLengthField();
    }

    public readonly StunTransactionId TransactionId { get; }

    /// <summary>Bytes written so far: the whole message.</summary>
    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>
    /// Appends a raw attribute. <paramref name="padding"/> fills the bytes up to the 4-byte boundary;
    /// RFC 8489 §14 lets them be any value (RFC 5769 uses spaces).
    /// </summary>
    public void Append(StunAttributeType type, ReadOnlySpan<byte> value, byte padding = 0)
    {
        Span<byte> valueSpan = Reserve(type, value.Length);
        value.CopyTo(valueSpan);
        _buffer[(_length - StunMessageReader.Pad(value.Length) + value.Length).._length].Fill(padding);
    }

    /// <summary>Appends a typed attribute.</summary>
    public void Append<T>(scoped in T attribute)
        where T : IStunAttribute<T>, allows ref struct
    {
        int length = attribute.GetEncodedLength();
        Span<byte> valueSpan = Reserve(T.Type, length);
        if (!attribute.TryWrite(valueSpan, TransactionId, out int written) || written != length)
        {
            throw new InvalidOperationException($"Attribute {T.Type} wrote {written} bytes, expected {length}.");
        }
    }

    /// <summary>
    /// Appends an attribute header for a value that is already in place right after it (the relay path receives
    /// payloads behind reserved headroom, so the DATA value is never copied). Pads and updates the length.
    /// </summary>
    public void AppendInPlace(StunAttributeType type, int valueLength) => Reserve(type, valueLength);

    /// <summary>Appends MESSAGE-INTEGRITY: HMAC-SHA1 keyed with <paramref name="key"/>. RFC 8489 §14.5.</summary>
    public void AppendMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int start = _length;
        Span<byte> value = Reserve(StunAttributeType.MessageIntegrity, MessageIntegrity.Sha1Length);
        MessageIntegrity.ComputeSha1(key, _buffer[..start], value);
    }

    /// <summary>Appends the full 32-byte MESSAGE-INTEGRITY-SHA256. RFC 8489 §14.6.</summary>
    public void AppendMessageIntegritySha256(ReadOnlySpan<byte> key)
    {
        int start = _length;
        Span<byte> value = Reserve(StunAttributeType.MessageIntegritySha256, MessageIntegrity.Sha256Length);
        MessageIntegrity.ComputeSha256(key, _buffer[..start], value);
    }

    /// <summary>Appends FINGERPRINT; nothing may follow it. RFC 8489 §14.7.</summary>
    public void AppendFingerprint()
    {
        int start = _length;
        Span<byte> value = Reserve(StunAttributeType.Fingerprint, Fingerprint.ValueLength);
        BinaryPrimitives.WriteUInt32BigEndian(value, Fingerprint.Compute(_buffer[..start]));
    }

    // Writes the attribute header, advances past the padded value and updates the length field, so the
    // integrity and fingerprint computations see the length "as if this attribute were last".
    private Span<byte> Reserve(StunAttributeType type, int valueLength)
    {
        int padded = StunMessageReader.Pad(valueLength);
        if (valueLength > ushort.MaxValue || _length + StunMessageReader.AttributeHeaderLength + padded > _buffer.Length
            || _length + StunMessageReader.AttributeHeaderLength + padded - StunMessageReader.HeaderLength > ushort.MaxValue)
        {
            throw new InvalidOperationException($"The STUN message has no room for attribute {type} ({valueLength} bytes).");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_length..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_length + 2)..], (ushort)valueLength);
        int valueStart = _length + StunMessageReader.AttributeHeaderLength;
        _length = valueStart + padded;
        _buffer[(valueStart + valueLength).._length].Clear();
        UpdateLengthField();
        return _buffer.Slice(valueStart, valueLength);
    }

    private readonly void UpdateLengthField() =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunMessageReader.HeaderLength));
}
