using System.Buffers.Binary;

namespace Parley.Bench.FloorWs;

/// <summary>Server-to-client frames: unmasked, one text frame per message.</summary>
internal static class WebSocketFrame
{
    /// <summary>Room reserved in front of a received payload, so its header can be written in place.</summary>
    public const int MaxHeaderLength = 10;

    public static int HeaderLength(int payloadLength) => payloadLength < 126 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10;

    // RFC 6455 section 5.2: FIN + opcode 1 (text), then a 7-bit, 16-bit or 64-bit payload length, no mask.
    public static void WriteTextHeader(Span<byte> header, int payloadLength)
    {
        header[0] = 0x81;
        if (payloadLength < 126)
        {
            header[1] = (byte)payloadLength;
        }
        else if (payloadLength <= ushort.MaxValue)
        {
            header[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)payloadLength);
        }
        else
        {
            header[1] = 127;
            BinaryPrimitives.WriteUInt64BigEndian(header[2..], (ulong)payloadLength);
        }
    }

    public static byte[] Text(ReadOnlySpan<byte> payload)
    {
        var headerLength = HeaderLength(payload.Length);
        var frame = new byte[headerLength + payload.Length];
        WriteTextHeader(frame, payload.Length);
        payload.CopyTo(frame.AsSpan(headerLength));
        return frame;
    }
}
