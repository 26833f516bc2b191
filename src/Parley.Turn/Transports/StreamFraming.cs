using Parley.Turn.Stun;

namespace Parley.Turn.Transports;

/// <summary>What the start of a TCP byte stream holds.</summary>
internal enum FrameStatus
{
    NeedMoreData,
    Complete,

    /// <summary>Neither STUN nor ChannelData: the stream cannot be resynchronised and is closed.</summary>
    Invalid,
}

/// <summary>
/// Splits a TCP stream into STUN messages (20-byte header plus length) and ChannelData messages (4-byte header
/// plus length, padded to 4). RFC 8489 §6.2.2, RFC 8656 §12.5.
/// </summary>
internal static class StreamFraming
{
    /// <summary>The largest frame accepted from a client: relayed payloads are bounded by RelayEndpoint.MaxPayload anyway.</summary>
    public const int MaxFrameLength = 16 * 1024 + 64;

    public static FrameStatus TryGetFrameLength(ReadOnlySpan<byte> buffered, int maxFrameLength, out int frameLength)
    {
        frameLength = 0;
        if (buffered.Length < 4)
        {
            return FrameStatus.NeedMoreData;
        }

        bool known = ChannelData.IsChannelData(buffered)
            ? ChannelData.TryGetFramedLength(buffered, out frameLength)
            : StunMessageReader.TryGetFramedLength(buffered, out frameLength);
        if (!known || frameLength > maxFrameLength)
        {
            return FrameStatus.Invalid;
        }

        return buffered.Length >= frameLength ? FrameStatus.Complete : FrameStatus.NeedMoreData;
    }
}
