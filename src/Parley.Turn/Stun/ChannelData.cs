using System.Buffers.Binary;

namespace Parley.Turn.Stun;

/// <summary>
/// A ChannelData message: the compact framing of application data on a bound channel.
/// <code>
///   0                   1                   2                   3
///   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |         Channel Number        |            Length             |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  /                       Application Data                        /
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Over TCP the message is padded to a multiple of 4 bytes; over UDP padding is optional. RFC 8656 §12.4, §12.5.
/// </summary>
internal readonly ref struct ChannelData
{
    public const int HeaderLength = 4;
    public const ushort MinimumChannel = 0x4000;
    public const ushort MaximumChannel = 0x4FFF;

    /// <summary>The top of the channel range of RFC 5766 (0x7FFF was reserved there).</summary>
    public const ushort Rfc5766MaximumChannel = 0x7FFE;

    private ChannelData(ushort channelNumber, ReadOnlySpan<byte> payload)
    {
        ChannelNumber = channelNumber;
        Payload = payload;
    }

    public ushort ChannelNumber { get; }

    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>RFC 8656 §12: the first two bits 0b01 tell ChannelData apart from STUN (0b00).</summary>
    public static bool IsChannelData(ReadOnlySpan<byte> packet) => !packet.IsEmpty && (packet[0] & 0xC0) == 0x40;

    /// <summary>
    /// Parses a datagram or stream frame. False for channel numbers outside 0x4000 to <paramref name="maximumChannel"/>
    /// (0x5000-0x7FFF are reserved by RFC 8656) or a length longer than the bytes present; trailing padding is allowed.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, ushort maximumChannel, out ChannelData channelData)
    {
        channelData = default;
        if (packet.Length < HeaderLength)
        {
            return false;
        }

        ushort number = BinaryPrimitives.ReadUInt16BigEndian(packet);
        int length = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (number < MinimumChannel || number > maximumChannel || length > packet.Length - HeaderLength)
        {
            return false;
        }

        channelData = new ChannelData(number, packet.Slice(HeaderLength, length));
        return true;
    }

    /// <summary>The frame length on the wire: padded to 4 bytes on stream transports.</summary>
    public static int GetFramedLength(int payloadLength, bool stream) =>
        HeaderLength + (stream ? StunMessageReader.Pad(payloadLength) : payloadLength);

    /// <summary>Reads the framed length (padded) from the first 4 bytes of a stream frame.</summary>
    public static bool TryGetFramedLength(ReadOnlySpan<byte> start, out int length)
    {
        length = 0;
        if (start.Length < HeaderLength || !IsChannelData(start))
        {
            return false;
        }

        length = GetFramedLength(BinaryPrimitives.ReadUInt16BigEndian(start[2..]), stream: true);
        return true;
    }

    /// <summary>
    /// Frames a payload already sitting at <paramref name="payloadOffset"/> in <paramref name="buffer"/>: writes
    /// the header in the 4 bytes before it and, on streams, zero padding after it. No copy of the payload.
    /// </summary>
    public static Memory<byte> FrameInPlace(byte[] buffer, int payloadOffset, int payloadLength, ushort channelNumber, bool stream)
    {
        int start = payloadOffset - HeaderLength;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(start), channelNumber);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(start + 2), (ushort)payloadLength);
        int framed = GetFramedLength(payloadLength, stream);
        buffer.AsSpan(payloadOffset + payloadLength, framed - HeaderLength - payloadLength).Clear();
        return buffer.AsMemory(start, framed);
    }
}
