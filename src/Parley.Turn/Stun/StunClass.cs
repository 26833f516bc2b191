namespace Parley.Turn.Stun;

/// <summary>The two class bits of a STUN message type. RFC 8489 §5.</summary>
internal enum StunClass : byte
{
    Request = 0b00,
    Indication = 0b01,
    SuccessResponse = 0b10,
    ErrorResponse = 0b11,
}
