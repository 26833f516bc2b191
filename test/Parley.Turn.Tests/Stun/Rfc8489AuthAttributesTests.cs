using Parley.Turn.Auth;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Stun;

/// <summary>RFC 8489 additions: MESSAGE-INTEGRITY-SHA256, PASSWORD-ALGORITHMS / PASSWORD-ALGORITHM, USERHASH.</summary>
public class Rfc8489AuthAttributesTests
{
    private static readonly StunMessageType AllocateRequest = new(StunMethod.Allocate, StunClass.Request);

    [Fact]
    public void MessageIntegritySha256_RoundTrips_AndRejectsWrongKey()
    {
        byte[] key = LongTermCredentials.ComputeKey(PasswordAlgorithm.Sha256, "alice", "parley", "secret");
        var box = new StunMessageWriterBox(new byte[256], AllocateRequest);
        box.Append(new UsernameAttribute("alice"));
        box.AppendMessageIntegritySha256(key);
        box.AppendFingerprint();
        byte[] message = box.ToArray();

        Assert.True(StunMessageReader.TryParse(message, out StunMessageReader reader, out _));
        Assert.Equal(32, key.Length);
        Assert.True(reader.VerifyMessageIntegritySha256(key));
        Assert.False(reader.VerifyMessageIntegritySha256(new byte[32]));
        Assert.False(reader.VerifyMessageIntegrity(key));
        Assert.True(reader.VerifyFingerprint());
    }

    [Fact]
    public void MessageIntegrityAndSha256_Together_EachCoverTheirOwnPrefix()
    {
        byte[] md5Key = LongTermCredentials.ComputeKey(PasswordAlgorithm.Md5, "alice", "parley", "secret");
        byte[] shaKey = LongTermCredentials.ComputeKey(PasswordAlgorithm.Sha256, "alice", "parley", "secret");
        var box = new StunMessageWriterBox(new byte[256], AllocateRequest);
        box.Append(new UsernameAttribute("alice"));
        box.AppendMessageIntegrity(md5Key);
        box.AppendMessageIntegritySha256(shaKey);
        byte[] message = box.ToArray();

        Assert.True(StunMessageReader.TryParse(message, out StunMessageReader reader, out _));
        Assert.True(reader.VerifyMessageIntegrity(md5Key));
        Assert.True(reader.VerifyMessageIntegritySha256(shaKey));
    }

    [Fact]
    public void TruncatedMessageIntegritySha256_Verifies()
    {
        byte[] key = LongTermCredentials.ComputeKey(PasswordAlgorithm.Sha256, "alice", "parley", "secret");
        byte[] message = new StunMessageWriterBox(new byte[256], AllocateRequest).ToArray();

        // A 16-byte MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6 allows 16..32 in steps of 4): the HMAC input's
        // length field counts the truncated attribute.
        message[3] = 4 + 16;
        byte[] hmac = System.Security.Cryptography.HMACSHA256.HashData(key, message);
        byte[] truncated = [.. message, 0x00, 0x1C, 0x00, 16, .. hmac[..16]];

        Assert.True(StunMessageReader.TryParse(truncated, out StunMessageReader reader, out _));
        Assert.True(reader.VerifyMessageIntegritySha256(key));
    }

    [Fact]
    public void PasswordAlgorithms_RoundTrip_InOrder()
    {
        var box = new StunMessageWriterBox(new byte[256], AllocateRequest);
        box.Append(new PasswordAlgorithmsAttribute([PasswordAlgorithm.Sha256, PasswordAlgorithm.Md5]));
        box.Append(new PasswordAlgorithmAttribute(PasswordAlgorithm.Sha256));

        Assert.True(StunMessageReader.TryParse(box.ToArray(), out StunMessageReader reader, out _));
        Assert.True(reader.TryGet(out PasswordAlgorithmsAttribute algorithms));
        Assert.Equal([PasswordAlgorithm.Sha256, PasswordAlgorithm.Md5], algorithms.Algorithms);
        Assert.True(reader.TryGet(out PasswordAlgorithmAttribute algorithm));
        Assert.Equal(PasswordAlgorithm.Sha256, algorithm.Algorithm);
    }

    [Fact]
    public void PasswordAlgorithms_WithParameterOverrun_IsRejected()
    {
        Assert.False(PasswordAlgorithmsAttribute.TryRead([0, 2, 0, 8, 1, 2], default, out _));
    }

    [Fact]
    public void UserHash_RoundTrips_AndIsSha256OfUsernameAndRealm()
    {
        byte[] hash = LongTermCredentials.ComputeUserHash("alice", "parley");
        var box = new StunMessageWriterBox(new byte[256], AllocateRequest);
        box.Append(new UserHashAttribute(hash));

        Assert.True(StunMessageReader.TryParse(box.ToArray(), out StunMessageReader reader, out _));
        Assert.True(reader.TryGet(out UserHashAttribute userHash));
        Assert.Equal(hash, userHash.Hash);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData("alice:parley"u8), hash);
    }

    [Fact]
    public void UserHash_OfWrongLength_IsRejected()
    {
        Assert.False(UserHashAttribute.TryRead(new byte[31], default, out _));
    }
}
