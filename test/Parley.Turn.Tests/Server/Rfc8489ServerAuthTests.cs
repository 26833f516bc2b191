using Parley.Turn.Auth;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>The server side of MESSAGE-INTEGRITY-SHA256, PASSWORD-ALGORITHM(S) and USERHASH (RFC 8489 §9.2).</summary>
public class Rfc8489ServerAuthTests
{
    private const string User = TurnServerFixture.User;
    private const string Password = TurnServerFixture.Password;

    [Fact]
    public async Task Allocate_WithSha256PasswordAlgorithmAndIntegritySha256_SucceedsWithIntegritySha256()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();
        await client.ChallengeAsync(User, Password);
        byte[] key = LongTermCredentials.ComputeKey(PasswordAlgorithm.Sha256, User, client.Realm, Password);

        StunTestMessage response = await client.RequestAsync(AllocateRequest(client, key, b =>
        {
            b.Append(new UsernameAttribute(User));
            b.Append(RequestAuthenticator.OfferedAlgorithms);
            b.Append(new PasswordAlgorithmAttribute(PasswordAlgorithm.Sha256));
        }));

        Assert.Equal(StunClass.SuccessResponse, response.Type.Class);
        Assert.True(response.HasIntegritySha256());
        Assert.True(response.VerifyIntegrity(key));
    }

    [Fact]
    public async Task Allocate_WithUserHashInsteadOfUsername_Succeeds()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();
        await client.ChallengeAsync(User, Password);
        byte[] key = LongTermCredentials.ComputeKey(PasswordAlgorithm.Sha256, User, client.Realm, Password);

        StunTestMessage response = await client.RequestAsync(AllocateRequest(client, key, b =>
        {
            b.Append(new UserHashAttribute(LongTermCredentials.ComputeUserHash(User, client.Realm)));
            b.Append(RequestAuthenticator.OfferedAlgorithms);
            b.Append(new PasswordAlgorithmAttribute(PasswordAlgorithm.Sha256));
        }));

        Assert.Equal(StunClass.SuccessResponse, response.Type.Class);
    }

    [Fact]
    public async Task Allocate_WithTamperedPasswordAlgorithmsList_Returns400()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();
        await client.ChallengeAsync(User, Password);

        // A man in the middle removed SHA-256 from the list to force MD5: the echoed list no longer matches.
        StunTestMessage response = await client.RequestAsync(AllocateRequest(client, client.Key, b =>
        {
            b.Append(new UsernameAttribute(User));
            b.Append(new PasswordAlgorithmsAttribute([PasswordAlgorithm.Md5]));
            b.Append(new PasswordAlgorithmAttribute(PasswordAlgorithm.Md5));
        }, sha256: false));

        Assert.Equal(400, response.ErrorCode);
    }

    [Fact]
    public async Task Allocate_WithIntegrityButNoRealm_Returns400()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();
        await client.ChallengeAsync(User, Password);

        StunTestMessage response = await client.RequestAsync(TurnTestClient.Build(StunMethod.Allocate, StunClass.Request, b =>
        {
            b.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp));
            b.Append(new UsernameAttribute(User));
            b.Append(new NonceAttribute(client.Nonce));
            b.AppendMessageIntegrity(client.Key);
        }));

        Assert.Equal(400, response.ErrorCode);
    }

    private static byte[] AllocateRequest(TurnTestClient client, byte[] key, Action<StunMessageWriterBox> identity, bool sha256 = true) =>
        TurnTestClient.Build(StunMethod.Allocate, StunClass.Request, b =>
        {
            b.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp));
            identity(b);
            b.Append(new RealmAttribute(client.Realm));
            b.Append(new NonceAttribute(client.Nonce));
            if (sha256)
            {
                b.AppendMessageIntegritySha256(key);
            }
            else
            {
                b.AppendMessageIntegrity(key);
            }
        });
}
