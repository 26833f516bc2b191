using Parley.Turn.Auth;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// TurnGrants.Revoke: the host ends a grant (its seat is gone). Before, a credential kept relaying until it expired,
/// whatever became of the call it was handed out for.
/// </summary>
public class GrantRevocationTests
{
    [Fact]
    public async Task RevokedGrant_LosesEveryAllocationAtOnce_AndEachKindOfRequestGets403_WhileAnotherGrantRelays()
    {
        using var meters = new TurnMeterRecorder();
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(meters: meters);
        await using var clients = new TestClients();
        using var peer = new UdpPeer();
        TurnTestClient revokedUdp = await clients.AddAsync(fixture.AllocatedClientAsync("seat-gone"));
        TurnTestClient revokedTcp = await clients.AddAsync(fixture.AllocatedClientAsync("seat-gone", tcp: true));
        TurnTestClient live = await clients.AddAsync(fixture.AllocatedClientAsync("seat-live"));
        foreach (TurnTestClient client in (TurnTestClient[])[revokedUdp, revokedTcp, live])
        {
            Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);
        }

        int deleted = fixture.Server.Grants.Revoke("seat-gone", "seat left", fixture.Time.GetUtcNow().AddHours(1));

        Assert.Equal(2, deleted);
        Assert.Equal(1, fixture.Server.Allocations.Count);
        Assert.Equal(["seat-live"], fixture.Server.Grants.GetGrantsInUse());
        var requests = new (string Name, TurnTestClient Client, Func<Task<StunTestMessage>> Send)[]
        {
            ("Refresh", revokedUdp, () => revokedUdp.RequestAuthenticatedAsync(StunMethod.Refresh)),
            ("CreatePermission", revokedUdp, () => revokedUdp.CreatePermissionAsync(peer.EndPoint)),
            ("ChannelBind", revokedTcp, () => revokedTcp.ChannelBindAsync(0x4001, peer.EndPoint)),
            ("Allocate", revokedUdp, () => revokedUdp.RequestAuthenticatedAsync(StunMethod.Allocate, b => b.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp)))),
        };
        foreach ((string name, TurnTestClient client, Func<Task<StunTestMessage>> send) in requests)
        {
            StunTestMessage response = await send();
            Assert.True(response.ErrorCode == 403, $"{name} with a revoked grant's credential got {response.ErrorCode}, not 403");
            Assert.True(response.ReasonPhrase.Contains("revoked", StringComparison.Ordinal), $"{name}'s 403 says '{response.ReasonPhrase}', not that the grant was revoked");
            Assert.True(response.VerifyIntegrity(client.Key), $"{name}'s 403 is not signed with the credential's key");
        }

        Assert.Equal(requests.Length, meters.Refusals("revoked"));
        await revokedUdp.SendChannelDataAsync(0x4000, [1, 2, 3]);
        // One client's datagrams are handled in order: once the request sent after the ChannelData is answered, the
        // ChannelData was handled too, and had it been relayed it would reach the peer before the live marker.
        Assert.Equal(403, (await revokedUdp.RequestAuthenticatedAsync(StunMethod.Refresh)).ErrorCode);
        await live.SendChannelDataAsync(0x4000, [4, 5, 6]);
        Assert.True((await peer.ReceiveAsync()).Data is [4, 5, 6], "the revoked grant's ChannelData reached the peer before the live grant's marker");
    }

    [Fact]
    public async Task FreshCredentialOfARevokedGrant_IsRefused_UntilTheRevocationRunsOut_ThenForgotten()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using var clients = new TestClients();
        fixture.Server.Grants.Revoke("seat-gone", "seat left", fixture.Time.GetUtcNow().AddMinutes(30));
        Assert.False(fixture.Server.Grants.Confirm("seat-gone", fixture.Time.GetUtcNow().AddHours(1)), "a revoked grant was confirmed");

        TurnRestCredential fresh = TurnRestCredentials.Create(TurnServerFixture.Secret, "seat-gone", TimeSpan.FromHours(1), fixture.Time);
        TurnTestClient client = await clients.AddAsync(fixture.ConnectAsync());
        Assert.Equal(403, (await client.AllocateAsync(fresh.Username, fresh.Credential)).ErrorCode);

        fixture.Time.Advance(TimeSpan.FromMinutes(31));

        Assert.False(fixture.Server.Context.GrantStates.IsRevoked("seat-gone", out _), "the revocation is still remembered after its time");
        Assert.Equal(StunClass.SuccessResponse, (await client.AllocateAsync(fresh.Username, fresh.Credential)).Type.Class);
    }

    [Fact]
    public async Task Revocation_LastsAtLeastAsLongAsTheCredentialsInUse_WhateverTimeTheHostGives()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using var clients = new TestClients();
        TurnRestCredential credential = TurnRestCredentials.Create(TurnServerFixture.Secret, "seat-gone", TimeSpan.FromHours(1), fixture.Time);
        TurnTestClient first = await clients.AddAsync(fixture.ConnectAsync());
        Assert.Equal(StunClass.SuccessResponse, (await first.AllocateAsync(credential.Username, credential.Credential)).Type.Class);

        fixture.Server.Grants.Revoke("seat-gone", "seat left", fixture.Time.GetUtcNow());
        fixture.Time.Advance(TimeSpan.FromMinutes(30));

        TurnTestClient again = await clients.AddAsync(fixture.ConnectAsync());
        Assert.Equal(403, (await again.AllocateAsync(credential.Username, credential.Credential)).ErrorCode);
    }
}
