namespace Parley.Turn.Stun;

/// <summary>Why a datagram or stream frame is not a well-formed STUN message, named by the place that failed.</summary>
internal enum StunDecodeError
{
    None,

    /// <summary>message/header: fewer than 20 bytes.</summary>
    HeaderTooShort,

    /// <summary>message/type: the two most significant bits are not zero (RFC 8489 §5).</summary>
    LeadingBitsNotZero,

    /// <summary>message/cookie: the magic cookie is not 0x2112A442.</summary>
    BadMagicCookie,

    /// <summary>message/length: the length is not a multiple of 4.</summary>
    LengthNotMultipleOfFour,

    /// <summary>message/length: the length does not match the bytes received.</summary>
    LengthMismatch,

    /// <summary>attribute/header: fewer than 4 bytes left for an attribute header.</summary>
    AttributeHeaderTruncated,

    /// <summary>attribute/value: the value (with its padding) runs past the end of the message.</summary>
    AttributeOverrun,

    /// <summary>attribute/MESSAGE-INTEGRITY: the value is not 20 bytes, or MESSAGE-INTEGRITY-SHA256 is not 16-32 bytes in steps of 4.</summary>
    BadIntegrityLength,

    /// <summary>attribute/FINGERPRINT: the value is not 4 bytes, or an attribute follows it.</summary>
    BadFingerprint,
}
