using Microsoft.Extensions.Time.Testing;
using Parley.Turn.Auth;
using Parley.Turn.Grants;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>ITurnGrantPolicy: the host's limits per grant, here a diagnostic probe's, decided from the grant alone.</summary>
public class GrantPolicyTests
{
    private const long ProbeBandwidth = 10_000;

    [Fact]
    public async Task ProbeGrant_GetsAtMostTwoRelays_ThatLiveTwoMinutes_WithCappedBandwidth_WhileASeatGetsTheDefaults()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using TurnServer server = await StartAsync(new ProbePolicy(), time);
        await using var clients = new TestClients();
        TurnTestClient first = await AllocateAsync(clients, server, time, "probe.1", expect: 0);
        await AllocateAsync(clients, server, time, "probe.1", expect: 0);
        await AllocateAsync(clients, server, time, "probe.1", expect: 486);
        for (int i = 0; i < 3; i++)
        {
            await AllocateAsync(clients, server, time, "seat-1", expect: 0);
        }

        StunTestMessage refreshed = await first.RequestAuthenticatedAsync(StunMethod.Refresh, b => b.Append(new LifetimeAttribute(3600)));
        Assert.True(refreshed.GetUInt32(StunAttributeType.Lifetime) <= 120, $"a probe's Refresh was granted {refreshed.GetUInt32(StunAttributeType.Lifetime)} s; it may live 2 minutes in all");

        using var peer = new UdpPeer();
        Assert.Equal(StunClass.SuccessResponse, (await first.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);
        for (int i = 0; i < 30; i++)
        {
            await first.SendChannelDataAsync(0x4000, new byte[1000]);
        }

        // An empty datagram costs nothing against the cap: it arrives after whatever of the 30 was relayed.
        await first.SendChannelDataAsync(0x4000, []);
        int relayed = 0;
        while ((await peer.ReceiveAsync()).Data.Length > 0)
        {
            relayed++;
        }

        Assert.True(relayed == ProbeBandwidth / 1000, $"the probe relayed {relayed} of 30 datagrams of 1000 bytes; its cap allows {ProbeBandwidth / 1000} per second");

        time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        Assert.True(server.Allocations.Count == 3, $"{server.Allocations.Count} allocations left two minutes on: the probe's should be gone, the seat's 3 kept");
    }

    [Fact]
    public async Task PolicyThatThrows_FailsThatAllocateWith500_AndTheServerKeepsServing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using TurnServer server = await StartAsync(new ThrowingPolicy(), time);
        await using var clients = new TestClients();

        await AllocateAsync(clients, server, time, "broken", expect: 500);
        await AllocateAsync(clients, server, time, "seat-1", expect: 0);
    }

    private static async Task<TurnServer> StartAsync(ITurnGrantPolicy policy, FakeTimeProvider time)
    {
        var server = new TurnServer(TurnServerFixture.CreateOptions(), timeProvider: time, grantPolicy: policy);
        await server.StartAsync().DefaultTimeout();
        return server;
    }

    private static async Task<TurnTestClient> AllocateAsync(TestClients clients, TurnServer server, FakeTimeProvider time, string grant, int expect)
    {
        TurnRestCredential credential = TurnRestCredentials.Create(TurnServerFixture.Secret, grant, TimeSpan.FromHours(1), time);
        TurnTestClient client = await clients.AddAsync(TurnTestClient.ConnectAsync(server, tcp: false));
        StunTestMessage response = await client.AllocateAsync(credential.Username, credential.Credential);
        Assert.True(response.ErrorCode == expect, $"an Allocate for grant {grant} got {response.ErrorCode}, expected {expect}");
        return client;
    }

    private sealed class ProbePolicy : ITurnGrantPolicy
    {
        public TurnGrantLimits GetLimits(string grant, TurnGrantLimits defaults) =>
            grant.StartsWith("probe.", StringComparison.Ordinal) ? new TurnGrantLimits(2, ProbeBandwidth, TimeSpan.FromMinutes(2)) : defaults;
    }

    private sealed class ThrowingPolicy : ITurnGrantPolicy
    {
        public TurnGrantLimits GetLimits(string grant, TurnGrantLimits defaults) =>
            grant == "broken" ? throw new InvalidOperationException("no limits for you") : defaults;
    }
}
