using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Handlers;

/// <summary>
/// Builds the Data indication that carries a peer's datagram to the client when no channel is bound:
/// XOR-PEER-ADDRESS and DATA. RFC 8656 §11.3 (also §11.4 on the client's side).
/// </summary>
internal static class DataIndication
{
    private static readonly StunMessageType Type = new(StunMethod.Data, StunClass.Indication);

    /// <summary>Bytes in front of the DATA value: header, XOR-PEER-ADDRESS (IPv6 at most) and the DATA header.</summary>
    public const int MaxHeaderLength = StunMessageReader.HeaderLength + StunMessageReader.AttributeHeaderLength + 20 + StunMessageReader.AttributeHeaderLength;

    /// <summary>
    /// Frames a payload already at <paramref name="payloadOffset"/> (at least <see cref="MaxHeaderLength"/>) by
    /// writing the STUN header and attributes in front of it; the payload is not copied.
    /// </summary>
    public static Memory<byte> FrameInPlace(byte[] buffer, int payloadOffset, int payloadLength, TransportAddress peer)
    {
        int headerLength = StunMessageReader.HeaderLength + StunMessageReader.AttributeHeaderLength
            + XorAddressCodec.GetEncodedLength(peer) + StunMessageReader.AttributeHeaderLength;
        int start = payloadOffset - headerLength;
        int end = payloadOffset + StunMessageReader.Pad(payloadLength);

        // RFC 8656 §11.3: the transaction ID of an indication is random like any other.
        var writer = new StunMessageWriter(buffer.AsSpan(start, end - start), Type, StunTransactionId.NewRandom());
        writer.Append(new XorPeerAddressAttribute(peer));
        writer.AppendInPlace(StunAttributeType.Data, payloadLength);
        return buffer.AsMemory(start, writer.Length);
    }
}
