using System.Buffers.Binary;

namespace Parley.Turn.Stun;

/// <summary>
/// A validated, zero-copy view of one STUN message.
/// <code>
///   0                   1                   2                   3
///   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |0 0|     STUN Message Type     |         Message Length        |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |                         Magic Cookie                          |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |                     Transaction ID (96 bits)                  |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// RFC 8489 §5 (header) and §14 (attributes).
/// </summary>
internal readonly ref struct StunMessageReader
{
    public const int HeaderLength = 20;
    public const uint MagicCookie = 0x2112A442;
    public const int AttributeHeaderLength = 4;

    private readonly ReadOnlySpan<byte> _message;

    // Attributes after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are ignored
    // (RFC 8489 §14.5), so lookups stop at the first integrity attribute.
    private readonly int _lookupEnd;

    private StunMessageReader(ReadOnlySpan<byte> message, int lookupEnd, int integrity, int integritySha256, int fingerprint)
    {
        _message = message;
        _lookupEnd = lookupEnd;
        IntegrityOffset = integrity;
        IntegritySha256Offset = integritySha256;
        FingerprintOffset = fingerprint;
        Type = StunMessageType.FromValue(BinaryPrimitives.ReadUInt16BigEndian(message));
        TransactionId = StunTransactionId.Read(message[8..]);
    }

    public StunMessageType Type { get; }

    public StunTransactionId TransactionId { get; }

    /// <summary>Offset of the MESSAGE-INTEGRITY attribute header, or -1.</summary>
    public int IntegrityOffset { get; }

    /// <summary>Offset of the MESSAGE-INTEGRITY-SHA256 attribute header, or -1.</summary>
    public int IntegritySha256Offset { get; }

    /// <summary>Offset of the FINGERPRINT attribute header, or -1.</summary>
    public int FingerprintOffset { get; }

    public ReadOnlySpan<byte> Raw => _message;

    /// <summary>
    /// Reads the length a framed message needs from its first 4 bytes: 20 + the length field. Used for
    /// stream framing over TCP (RFC 8489 §6.2.2). False when the bytes cannot start a STUN message.
    /// </summary>
    public static bool TryGetFramedLength(ReadOnlySpan<byte> start, out int length)
    {
        length = 0;
        if (start.Length < 4 || (start[0] & 0xC0) != 0)
        {
            return false;
        }

        int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(start[2..]);
        length = HeaderLength + bodyLength;
        return bodyLength % 4 == 0;
    }

    /// <summary>
    /// Validates <paramref name="message"/> (exactly one message, no trailing bytes) and every attribute's
    /// framing. Integrity and fingerprint values are located but not checked here.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out StunMessageReader reader, out StunDecodeError error)
    {
        reader = default;
        error = ValidateHeader(message);
        if (error != StunDecodeError.None)
        {
            return false;
        }

        int integrity = -1, integritySha256 = -1, fingerprint = -1, lookupEnd = message.Length;
        int offset = HeaderLength;
        while (offset < message.Length)
        {
            if (fingerprint >= 0)
            {
                // RFC 8489 §14.7: FINGERPRINT is the last attribute.
                error = StunDecodeError.BadFingerprint;
                return false;
            }

            if (message.Length - offset < AttributeHeaderLength)
            {
                error = StunDecodeError.AttributeHeaderTruncated;
                return false;
            }

            var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            int next = offset + AttributeHeaderLength + Pad(valueLength);
            if (next > message.Length)
            {
                error = StunDecodeError.AttributeOverrun;
                return false;
            }

            error = type switch
            {
                StunAttributeType.MessageIntegrity when integrity < 0 && integritySha256 < 0 =>
                    Locate(ref integrity, offset, valueLength == MessageIntegrity.Sha1Length, StunDecodeError.BadIntegrityLength),
                StunAttributeType.MessageIntegritySha256 when integritySha256 < 0 =>
                    Locate(ref integritySha256, offset, MessageIntegrity.IsValidSha256Length(valueLength), StunDecodeError.BadIntegrityLength),
                StunAttributeType.Fingerprint =>
                    Locate(ref fingerprint, offset, valueLength == Fingerprint.ValueLength, StunDecodeError.BadFingerprint),
                _ => StunDecodeError.None,
            };
            if (error != StunDecodeError.None)
            {
                return false;
            }

            if (lookupEnd == message.Length && (integrity >= 0 || integritySha256 >= 0 || fingerprint >= 0))
            {
                lookupEnd = offset;
            }

            offset = next;
        }

        reader = new StunMessageReader(message, lookupEnd, integrity, integritySha256, fingerprint);
        return true;
    }

    /// <summary>Rounds an attribute value length up to the 4-byte boundary. RFC 8489 §14.</summary>
    public static int Pad(int length) => (length + 3) & ~3;

    public bool HasAttribute(StunAttributeType type) => TryGetAttribute(type, out _);

    /// <summary>Finds the first attribute of <paramref name="type"/> (integrity and fingerprint included).</summary>
    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value)
    {
        int special = type switch
        {
            StunAttributeType.MessageIntegrity => IntegrityOffset,
            StunAttributeType.MessageIntegritySha256 => IntegritySha256Offset,
            StunAttributeType.Fingerprint => FingerprintOffset,
            _ => int.MinValue,
        };
        if (special != int.MinValue)
        {
            value = special >= 0 ? ValueAt(special) : default;
            return special >= 0;
        }

        foreach (StunAttributeView attribute in this)
        {
            if (attribute.Type == (ushort)type)
            {
                value = attribute.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Finds and parses the first attribute of type <typeparamref name="T"/>.</summary>
    public bool TryGet<T>(out T attribute)
        where T : IStunAttribute<T>, allows ref struct
    {
        if (TryGetAttribute(T.Type, out ReadOnlySpan<byte> value))
        {
            return T.TryRead(value, TransactionId, out attribute);
        }

        attribute = default!;
        return false;
    }

    /// <summary>
    /// Copies the comprehension-required attribute types this server does not understand into
    /// <paramref name="destination"/> and returns how many there were. RFC 8489 §6.3.1.
    /// </summary>
    public int GetUnknownComprehensionRequired(Span<ushort> destination)
    {
        int count = 0;
        foreach (StunAttributeView attribute in this)
        {
            if (StunAttributeTypes.IsComprehensionRequired(attribute.Type) && !StunAttributeTypes.IsKnown(attribute.Type)
                && count < destination.Length && !destination[..count].Contains(attribute.Type))
            {
                destination[count++] = attribute.Type;
            }
        }

        return count;
    }

    /// <summary>Verifies MESSAGE-INTEGRITY (HMAC-SHA1) with the long-term or short-term key.</summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key) =>
        IntegrityOffset >= 0 && MessageIntegrity.Verify(_message, IntegrityOffset, ValueAt(IntegrityOffset), key, sha256: false);

    /// <summary>Verifies MESSAGE-INTEGRITY-SHA256.</summary>
    public bool VerifyMessageIntegritySha256(ReadOnlySpan<byte> key) =>
        IntegritySha256Offset >= 0 && MessageIntegrity.Verify(_message, IntegritySha256Offset, ValueAt(IntegritySha256Offset), key, sha256: true);

    /// <summary>True when FINGERPRINT is present and matches.</summary>
    public bool VerifyFingerprint() =>
        FingerprintOffset >= 0 && Fingerprint.Verify(_message[..FingerprintOffset], ValueAt(FingerprintOffset));

    /// <summary>Enumerates the attributes before the first integrity or fingerprint attribute.</summary>
    public StunAttributeEnumerator GetEnumerator() => new(_message[.._lookupEnd]);

    private ReadOnlySpan<byte> ValueAt(int attributeOffset) =>
        _message.Slice(attributeOffset + AttributeHeaderLength, BinaryPrimitives.ReadUInt16BigEndian(_message[(attributeOffset + 2)..]));

    private static StunDecodeError ValidateHeader(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderLength)
        {
            return StunDecodeError.HeaderTooShort;
        }

        if ((message[0] & 0xC0) != 0)
        {
            return StunDecodeError.LeadingBitsNotZero;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(message[4..]) != MagicCookie)
        {
            return StunDecodeError.BadMagicCookie;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        if (length % 4 != 0)
        {
            return StunDecodeError.LengthNotMultipleOfFour;
        }

        return HeaderLength + length == message.Length ? StunDecodeError.None : StunDecodeError.LengthMismatch;
    }

    private static StunDecodeError Locate(ref int slot, int offset, bool lengthValid, StunDecodeError whenInvalid)
    {
        slot = offset;
        return lengthValid ? StunDecodeError.None : whenInvalid;
    }
}
