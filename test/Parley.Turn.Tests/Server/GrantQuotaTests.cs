using System.Net;
using Parley.Turn.Auth;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// Quotas an attacker cannot reset: Turn:MaxAllocationsPerUser counts per grant (the part of a TURN REST user name
/// after its expiry), so a fresh credential does not bring a fresh quota; Turn:MaxAllocationsPerClientAddress counts
/// per client address whatever the credentials. Each refusal is counted by reason.
/// </summary>
public class GrantQuotaTests
{
    [Fact]
    public async Task RefetchedCredentials_OfOneGrant_ShareItsQuota_WhileAnotherGrantStillAllocates()
    {
        using var meters = new TurnMeterRecorder();
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.MaxAllocationsPerUser = 2, meters);
        await using var clients = new TestClients();
        for (int i = 0; i < 2; i++)
        {
            await clients.AddAsync(fixture.AllocatedClientAsync("seat-1"));
            fixture.Time.Advance(TimeSpan.FromSeconds(1));
        }

        // A credential fetched a second later names another user, but the same grant.
        TurnRestCredential refetched = TurnRestCredentials.Create(TurnServerFixture.Secret, "seat-1", TimeSpan.FromHours(1), fixture.Time);
        StunTestMessage refused = await AllocateAsync(clients, fixture, refetched, IPAddress.Loopback);

        Assert.True(refused.ErrorCode == 486, $"a third allocation of grant seat-1 (user name {refetched.Username}) got {refused.ErrorCode}, not 486");
        Assert.Equal(1, meters.Refusals("grant"));
        await clients.AddAsync(fixture.AllocatedClientAsync("seat-2"));
    }

    [Fact]
    public async Task OneAddress_BeyondItsQuota_Gets486_WhileAnotherAddressStillAllocates_AndDeletionFreesIt()
    {
        using var meters = new TurnMeterRecorder();
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.MaxAllocationsPerClientAddress = 2, meters);
        await using var clients = new TestClients();
        TurnTestClient first = await clients.AddAsync(fixture.AllocatedClientAsync("grant-a"));
        await clients.AddAsync(fixture.AllocatedClientAsync("grant-b", tcp: true));

        // Another grant, another transport: the address is what counts.
        TurnRestCredential third = TurnRestCredentials.Create(TurnServerFixture.Secret, "grant-c", TimeSpan.FromHours(1), fixture.Time);
        StunTestMessage refused = await AllocateAsync(clients, fixture, third, IPAddress.Loopback);
        Assert.True(refused.ErrorCode == 486, $"a third allocation from 127.0.0.1 got {refused.ErrorCode}, not 486");
        Assert.Equal(1, meters.Refusals("address"));

        await clients.AddAsync(fixture.AllocatedClientAsync("grant-c", local: IPAddress.Parse("127.0.0.2")));

        Assert.Equal(StunClass.SuccessResponse, (await first.RequestAuthenticatedAsync(StunMethod.Refresh, b => b.Append(new LifetimeAttribute(0)))).Type.Class);
        await clients.AddAsync(fixture.AllocatedClientAsync("grant-c"));
    }

    [Fact]
    public async Task TotalQuota_IsCountedAsSuch()
    {
        using var meters = new TurnMeterRecorder();
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.MaxAllocations = 1, meters);
        await using var clients = new TestClients();
        await clients.AddAsync(fixture.AllocatedClientAsync("grant-a"));

        TurnRestCredential other = TurnRestCredentials.Create(TurnServerFixture.Secret, "grant-b", TimeSpan.FromHours(1), fixture.Time);
        Assert.Equal(486, (await AllocateAsync(clients, fixture, other, IPAddress.Parse("127.0.0.2"))).ErrorCode);

        Assert.Equal(1, meters.Refusals("total"));
        Assert.Equal(0, meters.Refusals("grant") + meters.Refusals("address"));
    }

    private static async Task<StunTestMessage> AllocateAsync(TestClients clients, TurnServerFixture fixture, TurnRestCredential credential, IPAddress local)
    {
        TurnTestClient client = await clients.AddAsync(fixture.ConnectAsync(local: local));
        return await client.AllocateAsync(credential.Username, credential.Credential);
    }
}
