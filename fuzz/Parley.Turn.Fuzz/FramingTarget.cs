using Parley.Turn.Stun;
using Parley.Turn.Transports;

namespace Parley.Turn.Fuzz;

/// <summary>
/// The TCP side: the input is a byte stream split by <see cref="StreamFraming"/> the way the TCP listener splits
/// it, each frame then parsed as ChannelData or STUN. Frame lengths must stay within what was buffered.
/// </summary>
public static class FramingTarget
{
    private const int MaxFrameLength = 65536 + 8;

    public static void Run(ReadOnlySpan<byte> input)
    {
        ReadOnlySpan<byte> rest = input;
        while (true)
        {
            FrameStatus status = StreamFraming.TryGetFrameLength(rest, MaxFrameLength, out int length);
            if (status != FrameStatus.Complete)
            {
                return;
            }

            if (length < ChannelData.HeaderLength || length > rest.Length)
            {
                throw new InvariantViolatedException($"a complete frame of {length} bytes out of {rest.Length} buffered");
            }

            ReadOnlySpan<byte> frame = rest[..length];
            if (ChannelData.IsChannelData(frame))
            {
                if (ChannelData.TryRead(frame, ChannelData.Rfc5766MaximumChannel, out ChannelData channelData)
                    && channelData.Payload.Length > frame.Length - ChannelData.HeaderLength)
                {
                    throw new InvariantViolatedException("a ChannelData payload longer than its frame");
                }
            }
            else
            {
                StunDecoderTarget.Run(frame);
            }

            rest = rest[length..];
        }
    }
}
