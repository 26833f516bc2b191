using System.Buffers.Binary;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Stun;

public class StunMessageReaderTests
{
    private static readonly StunMessageType BindingRequest = new(StunMethod.Binding, StunClass.Request);

    private static byte[] ValidMessage(Action<StunMessageWriterBox>? build = null)
    {
        var buffer = new byte[512];
        var box = new StunMessageWriterBox(buffer, BindingRequest);
        build?.Invoke(box);
        return box.ToArray();
    }

    [Fact]
    public void TryParse_ShortHeader_FailsWithHeaderTooShort()
    {
        byte[] message = ValidMessage();
        Assert.False(StunMessageReader.TryParse(message.AsSpan(0, 19), out _, out StunDecodeError error));
        Assert.Equal(StunDecodeError.HeaderTooShort, error);
    }

    [Fact]
    public void TryParse_BadMagicCookie_FailsWithBadMagicCookie()
    {
        byte[] message = ValidMessage();
        message[4] ^= 0xFF;
        Assert.False(StunMessageReader.TryParse(message, out _, out StunDecodeError error));
        Assert.Equal(StunDecodeError.BadMagicCookie, error);
    }

    [Fact]
    public void TryParse_LeadingBitsSet_FailsWithLeadingBitsNotZero()
    {
        byte[] message = ValidMessage();
        message[0] |= 0x40;
        Assert.False(StunMessageReader.TryParse(message, out _, out StunDecodeError error));
        Assert.Equal(StunDecodeError.LeadingBitsNotZero, error);
    }

    [Theory]
    [InlineData(2, (int)StunDecodeError.LengthNotMultipleOfFour)]
    [InlineData(12, (int)StunDecodeError.LengthMismatch)]
    public void TryParse_BadLength_Fails(int length, int expected)
    {
        byte[] message = ValidMessage(w => w.Append(StunAttributeType.Software, "abcd"u8.ToArray()));
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)length);
        Assert.False(StunMessageReader.TryParse(message, out _, out StunDecodeError error));
        Assert.Equal((StunDecodeError)expected, error);
    }

    [Fact]
    public void TryParse_TrailingBytesAfterMessage_FailsWithLengthMismatch()
    {
        byte[] message = [.. ValidMessage(), 0, 0, 0, 0];
        Assert.False(StunMessageReader.TryParse(message, out _, out StunDecodeError error));
        Assert.Equal(StunDecodeError.LengthMismatch, error);
    }

    [Fact]
    public void TryParse_AttributeValueOverrunsMessage_FailsWithAttributeOverrun()
    {
        byte[] message = ValidMessage(w => w.Append(StunAttributeType.Software, "abcd"u8.ToArray()));
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(22), 5); // padded to 8, message has 4
        Assert.False(StunMessageReader.TryParse(message, out _, out StunDecodeError error));
        Assert.Equal(StunDecodeError.AttributeOverrun, error);
    }

    [Fact]
    public void TryParse_AttributeAfterFingerprint_FailsWithBadFingerprint()
    {
        byte[] message = ValidMessage(w =>
        {
            w.AppendFingerprint();
            w.Append(StunAttributeType.Software, "abcd"u8.ToArray());
        });
        Assert.False(StunMessageReader.TryParse(message, out _, out StunDecodeError error));
        Assert.Equal(StunDecodeError.BadFingerprint, error);
    }

    [Fact]
    public void TryParse_IntegrityOfWrongLength_FailsWithBadIntegrityLength()
    {
        byte[] message = ValidMessage(w => w.Append(StunAttributeType.MessageIntegrity, new byte[16]));
        Assert.False(StunMessageReader.TryParse(message, out _, out StunDecodeError error));
        Assert.Equal(StunDecodeError.BadIntegrityLength, error);
    }

    [Fact]
    public void AttributesAfterMessageIntegrity_AreIgnored()
    {
        byte[] message = ValidMessage(w =>
        {
            w.AppendMessageIntegrity("key"u8.ToArray());
            w.Append(StunAttributeType.Software, "late"u8.ToArray());
        });
        Assert.True(StunMessageReader.TryParse(message, out StunMessageReader reader, out _));
        Assert.False(reader.HasAttribute(StunAttributeType.Software));
        Assert.True(reader.VerifyMessageIntegrity("key"u8));
    }

    [Fact]
    public void TamperedFingerprint_DoesNotVerify()
    {
        byte[] message = ValidMessage(w => w.AppendFingerprint());
        message[^1] ^= 1;
        Assert.True(StunMessageReader.TryParse(message, out StunMessageReader reader, out _));
        Assert.False(reader.VerifyFingerprint());
    }

    [Fact]
    public void UnknownComprehensionRequiredAttributes_AreReported_OptionalOnesAreNot()
    {
        byte[] message = ValidMessage(w =>
        {
            w.Append((StunAttributeType)0x7F01, [1, 2, 3, 4]);
            w.Append((StunAttributeType)0xC001, [1, 2, 3, 4]);
            w.Append(StunAttributeType.Software, "ok"u8.ToArray());
            w.Append((StunAttributeType)0x7F01, [5]);
        });
        Assert.True(StunMessageReader.TryParse(message, out StunMessageReader reader, out _));

        Span<ushort> unknown = stackalloc ushort[8];
        int count = reader.GetUnknownComprehensionRequired(unknown);

        Assert.Equal([(ushort)0x7F01], unknown[..count].ToArray());
    }

    [Fact]
    public void UnknownAttributes_RoundTrips()
    {
        byte[] message = ValidMessage(w => w.Append(new UnknownAttributesAttribute([0x7F01, 0x0031, 0x0042])));
        Assert.True(StunMessageReader.TryParse(message, out StunMessageReader reader, out _));
        Assert.True(reader.TryGet(out UnknownAttributesAttribute unknown));
        Assert.Equal([0x7F01, 0x0031, 0x0042], unknown.Types);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x01, 0x00, 0x00 })] // reserved byte fine, family 1 but too short
    [InlineData(new byte[] { 0x00, 0x03, 0x00, 0x00, 1, 2, 3, 4 })] // unknown family
    [InlineData(new byte[] { 0x00, 0x02, 0x00, 0x00, 1, 2, 3, 4 })] // IPv6 with an IPv4-sized address
    public void XorAddress_Malformed_IsRejected(byte[] value)
    {
        Assert.False(XorPeerAddressAttribute.TryRead(value, default, out _));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 2, 100 })] // number above 99
    [InlineData(new byte[] { 0, 0, 7, 0 })] // class above 6
    [InlineData(new byte[] { 0, 0, 4 })] // too short
    public void ErrorCode_Malformed_IsRejected(byte[] value)
    {
        Assert.False(ErrorCodeAttribute.TryRead(value, default, out _));
    }
}
