using Parley.Turn.Auth;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// An allocation lives no longer than its credential's expiry unless the host confirms its grant
/// (TurnGrants.Confirm); a confirmed grant's credentials are accepted past their expiry, so a call longer than the
/// credential lifetime keeps its relay. Before, an allocation lived on past its credential until its lifetime ran
/// out, and could not be refreshed once the credential had expired.
/// </summary>
public class GrantConfirmationTests
{
    [Fact]
    public async Task UnconfirmedGrant_LosesItsAllocationWhenTheCredentialExpires_AStaticUserDoesNot()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using var clients = new TestClients();
        await clients.AddAsync(fixture.AllocatedClientAsync("seat-1", timeToLive: TimeSpan.FromMinutes(2)));
        await clients.AddAsync(fixture.AllocatedClientAsync());

        fixture.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(2));

        Assert.True(fixture.Server.Allocations.Count == 1, $"{fixture.Server.Allocations.Count} allocations left two minutes after seat-1's credential expired");
        Assert.Equal([TurnServerFixture.User], fixture.Server.Grants.GetGrantsInUse());
    }

    [Fact]
    public async Task ConfirmedGrant_KeepsItsRelayThroughATwoHourCall_WithAFiveMinuteCredential_UntilConfirmationsStop()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using var clients = new TestClients();
        TurnRestCredential credential = TurnRestCredentials.Create(TurnServerFixture.Secret, "seat-1", TimeSpan.FromMinutes(5), fixture.Time);
        TurnTestClient client = await clients.AddAsync(fixture.ConnectAsync());
        Assert.Equal(StunClass.SuccessResponse, (await client.AllocateAsync(credential.Username, credential.Credential)).Type.Class);
        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);

        for (int minute = 1; minute <= 120; minute++)
        {
            // The host's periodic verification finds the seat held; the browser keeps its allocation, permission and
            // channel fresh, as a browser does, with the credential it was given at the start.
            if (minute % 5 == 1)
            {
                Assert.True(fixture.Server.Grants.Confirm("seat-1", fixture.Time.GetUtcNow().AddMinutes(10)));
            }

            fixture.Time.Advance(TimeSpan.FromMinutes(1));
            if (minute % 4 == 0)
            {
                StunTestMessage bound = await client.RequestAuthenticatedWithFreshNonceAsync(StunMethod.ChannelBind, b =>
                {
                    b.Append(new ChannelNumberAttribute(0x4000));
                    b.Append(new XorPeerAddressAttribute(TransportAddress.FromIPEndPoint(peer.EndPoint)));
                });
                Assert.True(bound.Type.Class == StunClass.SuccessResponse, $"the channel refresh at minute {minute} got {bound.ErrorCode}");
            }

            if (minute % 9 == 0)
            {
                StunTestMessage refreshed = await client.RequestAuthenticatedWithFreshNonceAsync(StunMethod.Refresh, b => b.Append(new LifetimeAttribute(3600)));
                Assert.True(refreshed.Type.Class == StunClass.SuccessResponse, $"the allocation refresh at minute {minute} got {refreshed.ErrorCode}");
            }
        }

        await client.SendChannelDataAsync(0x4000, [7, 7, 7]);
        Assert.Equal([7, 7, 7], (await peer.ReceiveAsync()).Data);

        // An ICE restart two hours in allocates anew with the same, long expired, credential.
        TurnTestClient restarted = await clients.AddAsync(fixture.ConnectAsync());
        Assert.Equal(StunClass.SuccessResponse, (await restarted.AllocateAsync(credential.Username, credential.Credential)).Type.Class);

        // The last confirmation (minute 116) runs out at minute 126, while both allocations' lifetimes still run.
        fixture.Time.Advance(TimeSpan.FromMinutes(7));

        Assert.True(fixture.Server.Allocations.Count == 0, $"{fixture.Server.Allocations.Count} allocations of seat-1 outlived its last confirmation");
    }
}
