using System.Buffers.Binary;
using CsCheck;
using Parley.Turn.Stun;
using Parley.Turn.Transports;

namespace Parley.Turn.Tests.Stun;

/// <summary>
/// ChannelData framing round trips (RFC 8656 §12.4-§12.5): a framed payload reads back as the same channel and
/// bytes, padded to 4 on streams; and a TCP byte stream of mixed STUN and ChannelData frames, delivered in any
/// chunking, splits back into exactly the frames that were sent.
/// </summary>
public class ChannelDataFramingPropertyTests
{
    private const int MaxFrame = 65536 + 8;

    private static readonly Gen<ushort> Channel = Gen.UShort[ChannelData.MinimumChannel, ChannelData.MaximumChannel];

    [Fact]
    public void FramedPayload_ReadsBackAsTheSameChannelAndBytes()
    {
        Gen.Select(Channel, Gen.Byte.Array[0, 1500], Gen.Bool).Sample((channel, payload, stream) =>
        {
            byte[] buffer = new byte[ChannelData.HeaderLength + payload.Length + 3];
            payload.CopyTo(buffer, ChannelData.HeaderLength);

            Memory<byte> frame = ChannelData.FrameInPlace(buffer, ChannelData.HeaderLength, payload.Length, channel, stream);

            Assert.True(ChannelData.IsChannelData(frame.Span));
            Assert.True(ChannelData.TryRead(frame.Span, ChannelData.MaximumChannel, out ChannelData read), $"channel 0x{channel:X4}, {payload.Length} bytes did not parse");
            Assert.Equal(channel, read.ChannelNumber);
            Assert.True(read.Payload.SequenceEqual(payload), "the payload changed on the way");
            Assert.Equal(ChannelData.GetFramedLength(payload.Length, stream), frame.Length);
            if (stream)
            {
                Assert.Equal(0, frame.Length % 4);
                Assert.True(ChannelData.TryGetFramedLength(frame.Span, out int framed) && framed == frame.Length);
            }
        }, iter: 500, threads: 1);
    }

    [Fact]
    public void StreamOfMixedFrames_InAnyChunking_SplitsIntoTheFramesSent()
    {
        Gen<byte[]> channelFrame = Gen.Select(Channel, Gen.Byte.Array[0, 300], (channel, payload) =>
        {
            byte[] frame = new byte[ChannelData.GetFramedLength(payload.Length, stream: true)];
            BinaryPrimitives.WriteUInt16BigEndian(frame, channel);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payload.Length);
            payload.CopyTo(frame, ChannelData.HeaderLength);
            return frame;
        });
        Gen<byte[]> stunFrame = Gen.Byte.Array[0, 40].Select(software =>
        {
            var writer = new StunMessageWriter(new byte[128], new StunMessageType(StunMethod.Binding, StunClass.Request), StunTransactionId.NewRandom());
            writer.Append(StunAttributeType.Software, software);
            return writer.Written.ToArray();
        });
        Gen<byte[][]> frames = Gen.OneOf<byte[]>(channelFrame, stunFrame).Array[1, 12];

        Gen.Select(frames, Gen.Int[1, 200]).Sample((sent, chunk) =>
        {
            byte[] wire = sent.SelectMany(f => f).ToArray();
            var received = new List<byte[]>();
            int buffered = 0;
            int consumed = 0;
            while (consumed < wire.Length)
            {
                buffered = Math.Min(wire.Length, buffered + chunk);
                while (true)
                {
                    FrameStatus status = StreamFraming.TryGetFrameLength(wire.AsSpan(consumed, buffered - consumed), MaxFrame, out int length);
                    Assert.NotEqual(FrameStatus.Invalid, status);
                    if (status == FrameStatus.NeedMoreData)
                    {
                        break;
                    }

                    received.Add(wire[consumed..(consumed + length)]);
                    consumed += length;
                }
            }

            Assert.Equal(sent.Length, received.Count);
            for (int i = 0; i < sent.Length; i++)
            {
                Assert.True(sent[i].SequenceEqual(received[i]), $"frame {i} of {sent.Length} came out different");
            }
        }, iter: 300, threads: 1);
    }
}
