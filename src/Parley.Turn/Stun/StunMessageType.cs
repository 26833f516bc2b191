namespace Parley.Turn.Stun;

/// <summary>
/// A STUN message type: a method and a class interleaved in 14 bits.
/// <code>
///   0                 1
///   2  3  4 5 6 7 8 9 0 1 2 3 4 5
///  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
///  |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
///  |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
///  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// RFC 8489 §5, Figure 3.
/// </summary>
internal readonly record struct StunMessageType(StunMethod Method, StunClass Class)
{
    /// <summary>The 14-bit wire value (the two leading zero bits included).</summary>
    public ushort Value
    {
        get
        {
            int m = (ushort)Method;
            int c = (int)Class;
            return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 0b01) << 4) | ((c & 0b10) << 7));
        }
    }

    public static StunMessageType FromValue(ushort value)
    {
        int method = (value & 0x000F) | ((value & 0x00E0) >> 1) | ((value & 0x3E00) >> 2);
        int @class = ((value & 0x0010) >> 4) | ((value & 0x0100) >> 7);
        return new StunMessageType((StunMethod)method, (StunClass)@class);
    }

    public StunMessageType WithClass(StunClass @class) => new(Method, @class);

    public override string ToString() => $"{Method} {Class}";
}
