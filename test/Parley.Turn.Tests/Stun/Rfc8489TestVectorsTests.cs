using Parley.Turn.Auth;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Stun;

/// <summary>
/// RFC 8489 Appendix B.1: a Binding request authenticated with USERHASH, PASSWORD-ALGORITHM (SHA-256) and
/// MESSAGE-INTEGRITY-SHA256. The published vector omits PASSWORD-ALGORITHM although its integrity value covers it;
/// the verified erratum adds the attribute (length 0x90), and that corrected message is what is tested here.
/// </summary>
public class Rfc8489TestVectorsTests
{
    private const string Username = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    private const string Realm = "example.org";
    private const string Nonce = "obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA";

    // The password "The<U+00AD>M<U+00AA>tr<U+2168>" after OpaqueString processing.
    private const string Password = "TheMatrIX";

    private static readonly byte[] SampleRequest = Hex.Parse("""
        00 01 00 90 21 12 a4 42 78 ad 34 33 c6 ad 72 c0 29 da 41 2e
        00 1e 00 20 4a 3c f3 8f ef 69 92 bd a9 52 c6 78 04 17 da 0f 24 81 94 15 56 9e 60 b2 05 c4 6e 41 40 7f 17 04
        00 15 00 29 6f 62 4d 61 74 4a 6f 73 32 41 41 41 43 66 2f 2f 34 39 39 6b 39 35 34 64 36 4f 4c 33 34 6f 4c 39
                    46 53 54 76 79 36 34 73 41 00 00 00
        00 14 00 0b 65 78 61 6d 70 6c 65 2e 6f 72 67 00
        00 1d 00 04 00 02 00 00
        00 1c 00 20 b5 c7 bf 00 5b 6c 52 a2 1c 51 c5 e8 92 f8 19 24 13 62 96 cb 92 7c 43 14 93 09 27 8c c6 51 8e 65
        """);

    [Fact]
    public void SampleRequest_Decodes_AndIntegritySha256VerifiesWithTheSha256Key()
    {
        Assert.True(StunMessageReader.TryParse(SampleRequest, out StunMessageReader message, out _));

        Assert.True(message.TryGet(out UserHashAttribute userHash));
        Assert.Equal(LongTermCredentials.ComputeUserHash(Username, Realm), userHash.Hash);
        Assert.True(message.TryGet(out NonceAttribute nonce));
        Assert.Equal(Nonce, nonce.Value);
        Assert.True(message.TryGet(out PasswordAlgorithmAttribute algorithm));
        Assert.Equal(PasswordAlgorithm.Sha256, algorithm.Algorithm);

        var key = LongTermCredentials.ComputeKey(PasswordAlgorithm.Sha256, Username, Realm, Password);
        Assert.True(message.VerifyMessageIntegritySha256(key), "MESSAGE-INTEGRITY-SHA256 of RFC 8489 B.1 did not verify");
        var md5Key = LongTermCredentials.ComputeKey(PasswordAlgorithm.Md5, Username, Realm, Password);
        Assert.False(message.VerifyMessageIntegritySha256(md5Key), "B.1 verified with the MD5 key");
    }

    [Fact]
    public void SampleRequest_ReEncodes_ByteForByte()
    {
        Assert.True(StunMessageReader.TryParse(SampleRequest, out StunMessageReader message, out _));
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, message.Type, message.TransactionId);

        writer.Append(new UserHashAttribute(LongTermCredentials.ComputeUserHash(Username, Realm)));
        writer.Append(StunAttributeType.Nonce, System.Text.Encoding.UTF8.GetBytes(Nonce));
        writer.Append(StunAttributeType.Realm, System.Text.Encoding.UTF8.GetBytes(Realm));
        writer.Append(new PasswordAlgorithmAttribute(PasswordAlgorithm.Sha256));
        writer.AppendMessageIntegritySha256(LongTermCredentials.ComputeKey(PasswordAlgorithm.Sha256, Username, Realm, Password));

        Assert.Equal(SampleRequest, writer.Written.ToArray());
    }
}
