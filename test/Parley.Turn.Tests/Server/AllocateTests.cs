using Parley.Turn.Auth;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

public class AllocateTests
{
    private const string User = TurnServerFixture.User;
    private const string Password = TurnServerFixture.Password;

    [Fact]
    public async Task Allocate_WithoutCredentials_Returns401WithRealmAndNonce()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();

        StunTestMessage response = await client.RequestAsync(TurnTestClient.Build(StunMethod.Allocate, StunClass.Request,
            b => b.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp))));

        Assert.Equal(401, response.ErrorCode);
        Assert.Equal("parley", response.GetString(StunAttributeType.Realm));
        Assert.StartsWith(StatelessNonce.Cookie, response.GetString(StunAttributeType.Nonce), StringComparison.Ordinal);
        Assert.True(response.Has(StunAttributeType.PasswordAlgorithms));
        Assert.False(response.Has(StunAttributeType.MessageIntegrity));
        Assert.Equal(0, fixture.Server.Allocations.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Allocate_WithCredentials_ReturnsRelayedAddressLifetimeAndIntegrity(bool tcp)
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync(tcp);

        StunTestMessage response = await client.AllocateAsync(User, Password);

        Assert.Equal(new StunMessageType(StunMethod.Allocate, StunClass.SuccessResponse), response.Type);
        Assert.Equal("127.0.0.1", response.GetXorAddress(StunAttributeType.XorRelayedAddress).Address.ToString());
        Assert.Equal(client.LocalEndPoint, response.GetXorAddress(StunAttributeType.XorMappedAddress));
        Assert.Equal(600u, response.GetUInt32(StunAttributeType.Lifetime));
        Assert.True(response.VerifyIntegrity(client.Key));
        Assert.Equal(1, fixture.Server.Allocations.Count);
    }

    [Fact]
    public async Task Allocate_WithWrongPassword_Returns401()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();

        StunTestMessage response = await client.AllocateAsync(User, "not the password");

        Assert.Equal(401, response.ErrorCode);
        Assert.True(response.Has(StunAttributeType.Nonce));
        Assert.Equal(0, fixture.Server.Allocations.Count);
    }

    [Fact]
    public async Task Allocate_WithUnknownUser_Returns401()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();

        Assert.Equal(401, (await client.AllocateAsync("mallory", Password)).ErrorCode);
    }

    [Fact]
    public async Task Allocate_WithExpiredNonce_Returns438WithFreshNonce()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();
        await client.ChallengeAsync(User, Password);
        string oldNonce = client.Nonce;

        fixture.Time.Advance(TimeSpan.FromMinutes(11));
        StunTestMessage response = await client.RequestAuthenticatedAsync(StunMethod.Allocate,
            b => b.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp)));

        Assert.Equal(438, response.ErrorCode);
        string freshNonce = response.GetString(StunAttributeType.Nonce);
        Assert.NotEqual(oldNonce, freshNonce);

        client.UseNonce(freshNonce);
        StunTestMessage retry = await client.RequestAuthenticatedAsync(StunMethod.Allocate,
            b => b.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp)));
        Assert.Equal(StunClass.SuccessResponse, retry.Type.Class);
    }

    [Fact]
    public async Task Allocate_WithNonceFromAnotherClientAddress_Returns438()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient first = await fixture.ConnectAsync();
        await using TurnTestClient second = await fixture.ConnectAsync();
        await first.ChallengeAsync(User, Password);
        await second.ChallengeAsync(User, Password);

        second.UseNonce(first.Nonce);
        StunTestMessage response = await second.RequestAuthenticatedAsync(StunMethod.Allocate,
            b => b.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp)));

        Assert.Equal(438, response.ErrorCode);
    }

    [Fact]
    public async Task Allocate_WithRestCredentialsFromEitherSecret_Succeeds()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        foreach (string secret in new[] { TurnServerFixture.Secret, "old-secret" })
        {
            await using TurnTestClient client = await fixture.ConnectAsync();
            TurnRestCredential credential = TurnRestCredentials.Create(secret, "bob", TimeSpan.FromHours(1), fixture.Time);

            StunTestMessage response = await client.AllocateAsync(credential.Username, credential.Credential);

            Assert.Equal(StunClass.SuccessResponse, response.Type.Class);
        }
    }

    [Fact]
    public async Task Allocate_WithExpiredRestUsername_Returns401()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();
        TurnRestCredential credential = TurnRestCredentials.Create(TurnServerFixture.Secret, "bob", TimeSpan.FromMinutes(5), fixture.Time);

        fixture.Time.Advance(TimeSpan.FromMinutes(6));
        StunTestMessage response = await client.AllocateAsync(credential.Username, credential.Credential);

        Assert.Equal(401, response.ErrorCode);
    }

    [Fact]
    public async Task Allocate_WithRestCredentialOfUnknownSecret_Returns401()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();
        TurnRestCredential credential = TurnRestCredentials.Create("some-other-secret", "bob", TimeSpan.FromHours(1), fixture.Time);

        Assert.Equal(401, (await client.AllocateAsync(credential.Username, credential.Credential)).ErrorCode);
    }

    [Fact]
    public async Task Allocate_SecondOnSameFiveTuple_Returns437()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        StunTestMessage second = await client.RequestAuthenticatedAsync(StunMethod.Allocate,
            b => b.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp)));

        Assert.Equal(437, second.ErrorCode);
        Assert.True(second.VerifyIntegrity(client.Key));
    }

    [Fact]
    public async Task Allocate_Retransmitted_ReturnsTheSameRelayedAddress()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();
        await client.ChallengeAsync(User, Password);
        byte[] request = TurnTestClient.Build(StunMethod.Allocate, StunClass.Request, b =>
        {
            b.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp));
            b.Append(new UsernameAttribute(User));
            b.Append(new RealmAttribute(client.Realm));
            b.Append(new NonceAttribute(client.Nonce));
            b.AppendMessageIntegrity(client.Key);
        });

        StunTestMessage first = await client.RequestAsync(request);
        StunTestMessage again = await client.RequestAsync(request);

        Assert.Equal(StunClass.SuccessResponse, again.Type.Class);
        Assert.Equal(first.GetXorAddress(StunAttributeType.XorRelayedAddress), again.GetXorAddress(StunAttributeType.XorRelayedAddress));
    }

    [Fact]
    public async Task Allocate_WithTcpRequestedTransport_Returns442()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();
        await client.ChallengeAsync(User, Password);

        StunTestMessage response = await client.RequestAuthenticatedAsync(StunMethod.Allocate,
            b => b.Append(new RequestedTransportAttribute(6)));

        Assert.Equal(442, response.ErrorCode);
    }

    [Fact]
    public async Task Allocate_WithoutRequestedTransport_Returns400()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();
        await client.ChallengeAsync(User, Password);

        Assert.Equal(400, (await client.RequestAuthenticatedAsync(StunMethod.Allocate)).ErrorCode);
    }

    [Fact]
    public async Task Allocate_RequestingIPv6WithoutIPv6Relay_Returns440()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();

        StunTestMessage response = await client.AllocateAsync(User, Password,
            b => b.Append(new RequestedAddressFamilyAttribute(XorAddressCodec.FamilyIPv6)));

        Assert.Equal(440, response.ErrorCode);
    }

    [Fact]
    public async Task Allocate_WithAdditionalIPv6WithoutIPv6Relay_SucceedsWithAddressErrorCode()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();

        StunTestMessage response = await client.AllocateAsync(User, Password,
            b => b.Append(new AdditionalAddressFamilyAttribute(XorAddressCodec.FamilyIPv6)));

        Assert.Equal(StunClass.SuccessResponse, response.Type.Class);
        Assert.Single(response.GetXorAddresses(StunAttributeType.XorRelayedAddress));
        Assert.True(AddressErrorCodeAttribute.TryRead(response.Get(StunAttributeType.AddressErrorCode), default, out AddressErrorCodeAttribute error));
        Assert.Equal(StunErrorCode.AddressFamilyNotSupported, error.Code);
    }

    [Fact]
    public async Task Allocate_EvenPortWithReservation_Returns508_ReservationTokenReturns508()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();

        Assert.Equal(508, (await client.AllocateAsync(User, Password, b => b.Append(new EvenPortAttribute(true)))).ErrorCode);
        Assert.Equal(508, (await client.RequestAuthenticatedAsync(StunMethod.Allocate, b =>
        {
            b.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp));
            b.Append(new ReservationTokenAttribute(42));
        })).ErrorCode);
    }

    [Fact]
    public async Task Allocate_WithEvenPort_GetsAnEvenRelayPort()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();

        StunTestMessage response = await client.AllocateAsync(User, Password, b => b.Append(new EvenPortAttribute(false)));

        Assert.Equal(StunClass.SuccessResponse, response.Type.Class);
        Assert.Equal(0, response.GetXorAddress(StunAttributeType.XorRelayedAddress).Port % 2);
    }

    [Fact]
    public async Task Allocate_WithLongLifetime_IsClampedToMaximum()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();

        StunTestMessage response = await client.AllocateAsync(User, Password, b => b.Append(new LifetimeAttribute(86_400)));

        Assert.Equal(3600u, response.GetUInt32(StunAttributeType.Lifetime));
    }
}
