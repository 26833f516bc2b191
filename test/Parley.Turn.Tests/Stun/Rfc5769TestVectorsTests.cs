using System.Net;
using System.Text;
using Parley.Turn.Auth;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Stun;

/// <summary>The four test vectors of RFC 5769 §2, byte for byte.</summary>
public class Rfc5769TestVectorsTests
{
    // RFC 5769 §2.1-§2.3 use this short-term password; the key is the password itself (RFC 8489 §9.1.1).
    private static readonly byte[] ShortTermKey = Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBt");

    // §2.1 Sample Request: SOFTWARE "STUN test client", PRIORITY, ICE-CONTROLLED, USERNAME "evtj:h6vY"
    // (padded with spaces), MESSAGE-INTEGRITY, FINGERPRINT.
    private static readonly byte[] SampleRequest = Hex.Parse("""
        00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
        00 24 00 04 6e 00 01 ff
        80 29 00 08 93 2f f9 b1 51 26 3b 36
        00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
        00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
        80 28 00 04 e5 7a 3b cf
        """);

    // §2.2 Sample IPv4 Response: SOFTWARE "test vector", XOR-MAPPED-ADDRESS 192.0.2.1:32853.
    private static readonly byte[] SampleIPv4Response = Hex.Parse("""
        01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 08 00 01 a1 47 e1 12 a6 43
        00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
        80 28 00 04 c0 7d 4c 96
        """);

    // §2.3 Sample IPv6 Response: XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853.
    private static readonly byte[] SampleIPv6Response = Hex.Parse("""
        01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
        00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
        80 28 00 04 c8 fb 0b 4c
        """);

    // §2.4 Sample Request with Long-Term Authentication: USERNAME "マトリックス", NONCE, REALM
    // "example.org", MESSAGE-INTEGRITY; password "TheMatrIX" after SASLprep.
    private static readonly byte[] SampleLongTermRequest = Hex.Parse("""
        00 01 00 60 21 12 a4 42 78 ad 34 33 c6 ad 72 c0 29 da 41 2e
        00 06 00 12 e3 83 9e e3 83 88 e3 83 aa e3 83 83 e3 82 af e3 82 b9 00 00
        00 15 00 1c 66 2f 2f 34 39 39 6b 39 35 34 64 36 4f 4c 33 34 6f 4c 39 46 53 54 76 79 36 34 73 41
        00 14 00 0b 65 78 61 6d 70 6c 65 2e 6f 72 67 00
        00 08 00 14 f6 70 24 65 6d d6 4a 3e 02 b8 e0 71 2e 85 c9 a2 8c a8 96 66
        """);

    private const string LongTermUsername = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    private const string LongTermNonce = "f//499k954d6OL34oL9FSTvy64sA";

    [Fact]
    public void SampleRequest_Decodes_AndIntegrityAndFingerprintVerify()
    {
        Assert.True(StunMessageReader.TryParse(SampleRequest, out StunMessageReader message, out _));

        Assert.Equal(new StunMessageType(StunMethod.Binding, StunClass.Request), message.Type);
        Assert.True(message.TryGet(out SoftwareAttribute software));
        Assert.Equal("STUN test client", software.Value);
        Assert.True(message.TryGet(out UsernameAttribute username));
        Assert.Equal("evtj:h6vY", username.Value);
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.False(message.VerifyMessageIntegrity("wrong"u8));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void SampleRequest_ReEncodes_ByteForByte()
    {
        Assert.True(StunMessageReader.TryParse(SampleRequest, out StunMessageReader message, out _));
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, message.Type, message.TransactionId);
        foreach (StunAttributeView attribute in message)
        {
            // The vector pads USERNAME with spaces (RFC 8489 §14 allows any padding value).
            writer.Append((StunAttributeType)attribute.Type, attribute.Value, padding: 0x20);
        }

        writer.AppendMessageIntegrity(ShortTermKey);
        writer.AppendFingerprint();

        Assert.Equal(SampleRequest, writer.Written.ToArray());
    }

    [Theory]
    [InlineData(false, "192.0.2.1:32853")]
    [InlineData(true, "[2001:db8:1234:5678:11:2233:4455:6677]:32853")]
    public void SampleResponse_Decodes_AndReEncodesByteForByte(bool ipv6, string mappedAddress)
    {
        byte[] vector = ipv6 ? SampleIPv6Response : SampleIPv4Response;
        Assert.True(StunMessageReader.TryParse(vector, out StunMessageReader message, out _));

        Assert.Equal(new StunMessageType(StunMethod.Binding, StunClass.SuccessResponse), message.Type);
        Assert.True(message.TryGet(out XorMappedAddressAttribute mapped));
        Assert.Equal(IPEndPoint.Parse(mappedAddress), mapped.Address.ToIPEndPoint());
        Assert.True(message.TryGet(out SoftwareAttribute software));
        Assert.Equal("test vector", software.Value);
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(message.VerifyFingerprint());

        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, message.Type, message.TransactionId);
        writer.Append(StunAttributeType.Software, "test vector"u8, padding: 0x20);
        writer.Append(new XorMappedAddressAttribute(TransportAddress.FromIPEndPoint(IPEndPoint.Parse(mappedAddress))));
        writer.AppendMessageIntegrity(ShortTermKey);
        writer.AppendFingerprint();
        Assert.Equal(vector, writer.Written.ToArray());
    }

    [Fact]
    public void SampleLongTermRequest_Decodes_AndVerifiesWithMd5Key()
    {
        Assert.True(StunMessageReader.TryParse(SampleLongTermRequest, out StunMessageReader message, out _));

        Assert.True(message.TryGet(out UsernameAttribute username));
        Assert.Equal(LongTermUsername, username.Value);
        Assert.True(message.TryGet(out RealmAttribute realm));
        Assert.Equal("example.org", realm.Value);
        Assert.True(message.TryGet(out NonceAttribute nonce));
        Assert.Equal(LongTermNonce, nonce.Value);
        Assert.Equal(-1, message.FingerprintOffset);

        byte[] key = LongTermCredentials.ComputeKey(PasswordAlgorithm.Md5, LongTermUsername, "example.org", "TheMatrIX");
        Assert.True(message.VerifyMessageIntegrity(key));
        byte[] wrongKey = LongTermCredentials.ComputeKey(PasswordAlgorithm.Md5, LongTermUsername, "example.org", "TheMatrIx");
        Assert.False(message.VerifyMessageIntegrity(wrongKey));
    }

    [Fact]
    public void SampleLongTermRequest_ReEncodes_ByteForByte()
    {
        Assert.True(StunMessageReader.TryParse(SampleLongTermRequest, out StunMessageReader message, out _));
        byte[] key = LongTermCredentials.ComputeKey(PasswordAlgorithm.Md5, LongTermUsername, "example.org", "TheMatrIX");

        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, message.Type, message.TransactionId);
        writer.Append(new UsernameAttribute(LongTermUsername));
        writer.Append(new NonceAttribute(LongTermNonce));
        writer.Append(new RealmAttribute("example.org"));
        writer.AppendMessageIntegrity(key);

        Assert.Equal(SampleLongTermRequest, writer.Written.ToArray());
    }
}
