using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Parley.Signaling.Contracts;
using Parley.Signaling.Redis.Tests.TestUtils;
using Parley.Signaling.Rooms;

namespace Parley.Signaling.Redis.Tests;

/// <summary>
/// Nodes heartbeat every 200 ms; a silent node's seats are reaped once its presence lapses. Registries stand in for
/// nodes where only the shared state is the subject; where a room must hear of it, the survivor is a whole signaling
/// node with clients in its rooms.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class PresenceTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1.5);

    // Where the lapse itself is not measured, a dead node's presence lasts this long.
    private static readonly TimeSpan ShortPresence = TimeSpan.FromMilliseconds(300);

    private readonly string _prefix = RegistryNode.NewPrefix();
    private readonly List<IAsyncDisposable> _cleanup = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }
    }

    [Fact]
    public async Task ASilentNode_IsReapedByAnotherWithinThePresenceTimeout_Once()
    {
        var dead = await NodeAsync("dead");
        var survivor = await NodeAsync("survivor");
        var alice = (await dead.Registry.JoinAsync(new JoinRequest("one", "Alice", "c1", null, 2))).Member!;
        var silentSince = Stopwatch.StartNew();
        var bob = (await dead.Registry.JoinAsync(new JoinRequest("two", "Bob", "c2", null, 2))).Member!;
        var carol = (await survivor.Registry.JoinAsync(new JoinRequest("one", "Carol", "c3", null, 2))).Member!;

        // The dead node's join was its last sign of life; the survivor keeps heartbeating while it waits.
        var reaped = await ReapUntilAsync(survivor, expected: 2);

        Assert.InRange(silentSince.Elapsed, Timeout - TimeSpan.FromMilliseconds(20), Timeout + Slack);
        Assert.Equal(
            [("one", alice.PeerId, "Alice", "c1"), ("two", bob.PeerId, "Bob", "c2")],
            reaped.Select(m => (m.Room, m.PeerId, m.Username, m.ConnectionId)).Order());
        Assert.Empty(await survivor.Registry.ReapDeadNodesAsync());
        Assert.Equal([carol.PeerId], (await survivor.Registry.GetMembersAsync("one")).Select(m => m.PeerId));
        Assert.Empty(await survivor.Registry.GetMembersAsync("two"));
        Assert.Equal([carol.PeerId], await survivor.Registry.GetSeatedAsync([alice.PeerId, bob.PeerId, carol.PeerId]));
        Assert.DoesNotContain(await redis.KeysAsync(_prefix), k => k.Contains(dead.Registry.NodeId, StringComparison.Ordinal));
        Assert.True(await dead.Registry.LeaveAsync(alice) == LeaveOutcome.NotSeated, "a reaped seat was freed twice");
    }

    [Fact]
    public async Task TwoReapersRacing_ReturnEachDeadSeatExactlyOnce()
    {
        var dead = await NodeAsync("dead", o => o.PresenceTimeout = ShortPresence);
        var first = await NodeAsync("first", o => o.ReapBatchSize = 7);
        var second = await NodeAsync("second", o => o.ReapBatchSize = 7);
        var seated = new List<RoomMember>();
        for (var i = 0; i < 60; i++)
        {
            seated.Add((await dead.Registry.JoinAsync(new JoinRequest($"room-{i % 6}", $"peer {i}", $"conn {i}", null, 10))).Member!);
        }

        await PresenceLapsedAsync(dead);
        var reaped = await Task.WhenAll(DrainAsync(first), DrainAsync(second));

        var all = reaped.SelectMany(r => r).Select(m => m.PeerId).ToList();
        Assert.Equal(seated.Select(m => m.PeerId).Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(await redis.KeysAsync(_prefix), k => k.Contains(":room:", StringComparison.Ordinal));

        static async Task<List<RoomMember>> DrainAsync(RegistryNode reaper)
        {
            var mine = new List<RoomMember>();
            while ((await reaper.Registry.ReapDeadNodesAsync()) is { Count: > 0 } batch)
            {
                Assert.True(batch.Count <= 7);
                mine.AddRange(batch);
            }

            return mine;
        }
    }

    [Fact]
    public async Task ANodeThatKeepsHeartbeating_IsNotReaped()
    {
        var alive = await NodeAsync("alive", o => (o.HeartbeatInterval, o.PresenceTimeout) = (TimeSpan.FromMilliseconds(100), ShortPresence));
        var reaper = await NodeAsync("reaper");
        await StartPresenceAsync(alive);
        var alice = (await alive.Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2))).Member!;
        var firstLapse = DateTimeOffset.UtcNow + ShortPresence;

        // Its join alone would have kept it present until firstLapse; only its heartbeats keep it past that.
        await Eventually.HoldsAsync(
            async () => DateTimeOffset.UtcNow > firstLapse + ShortPresence && await AliveAsync(alive), "the node staying present past its first lapse");

        Assert.Empty(await reaper.Registry.ReapDeadNodesAsync());
        Assert.Equal([alice.PeerId], (await reaper.Registry.GetMembersAsync("room")).Select(m => m.PeerId));
    }

    [Fact]
    public async Task ASeatResumedOnAnotherNode_IsNotReapedWithItsFirstNode()
    {
        var dead = await NodeAsync("dead");
        var survivor = await NodeAsync("survivor");
        var aliceJoin = await dead.Registry.JoinAsync(new JoinRequest("room", "Alice", "old", null, 2));
        var alice = aliceJoin.Member!;
        var bob = (await dead.Registry.JoinAsync(new JoinRequest("room", "Bob", "c2", null, 2))).Member!;

        var resumed = await survivor.Registry.JoinAsync(new JoinRequest("room", "Alice", "new", aliceJoin.ResumeToken, 2));
        var reaped = await ReapUntilAsync(survivor, expected: 1);

        Assert.Equal(JoinStatus.Resumed, resumed.Status);
        Assert.Equal(bob.PeerId, Assert.Single(reaped).PeerId);
        Assert.Equal(("new", alice.PeerId), (await survivor.Registry.GetMembersAsync("room")).Select(m => (m.ConnectionId, m.PeerId)).Single());
    }

    [Fact]
    public async Task ThePresenceService_TellsTheRoomPeerLeft_WhenANodeGoesSilent()
    {
        var dead = await NodeAsync("dead");
        var survivor = await SignalingNodeAsync("survivor", KeyValuePair.Create("Signaling:ReconnectGracePeriod", (string?)"00:00:00"));
        await using var carol = await survivor.ConnectAsync();
        await using var dave = await survivor.ConnectAsync();
        await carol.JoinOkAsync("one", "Carol");
        await dave.JoinOkAsync("two", "Dave");
        var alice = (await dead.Registry.JoinAsync(new JoinRequest("one", "Alice", "c1", null, 2))).Member!;
        var silentSince = Stopwatch.StartNew();
        var bob = (await dead.Registry.JoinAsync(new JoinRequest("two", "Bob", "c2", null, 2))).Member!;

        Assert.Equal(new PeerInfo(alice.PeerId, "Alice"), await carol.NextPeerLeftAsync());
        Assert.Equal(new PeerInfo(bob.PeerId, "Bob"), await dave.NextPeerLeftAsync());

        Assert.True(silentSince.Elapsed >= Timeout - TimeSpan.FromMilliseconds(20), $"reaped after {silentSince.Elapsed}");
        await carol.AssertNoEventsAsync("a reaped seat is announced once, as leaving");
        await dave.AssertNoEventsAsync("a reaped seat is announced once, as leaving");
    }

    [Fact]
    public async Task StoppingANodesPresenceService_LetsTheOthersReapItWithoutWaitingForTheTimeout()
    {
        var presence = TimeSpan.FromSeconds(3);
        var leaving = await NodeAsync("leaving", o => o.PresenceTimeout = presence);
        var canary = await NodeAsync("canary", o => o.PresenceTimeout = ShortPresence);
        var survivor = await SignalingNodeAsync("survivor", new("Redis:PresenceTimeout", "00:00:03"), KeyValuePair.Create("Signaling:ReconnectGracePeriod", (string?)"00:00:00"));
        var leavingService = await StartPresenceAsync(leaving);
        await using var bob = await survivor.ConnectAsync();
        await using var carol = await survivor.ConnectAsync();
        await bob.JoinOkAsync("room", "Bob");
        await carol.JoinOkAsync("canary", "Carol");
        var alice = (await leaving.Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2))).Member!;
        await canary.Registry.JoinAsync(new JoinRequest("canary", "Canary", "c2", null, 2));

        // A node reaps only once its own heartbeats have held for a presence timeout: the silent canary's PeerLeft
        // says the nodes reap now, while the leaving node, heartbeating, is not reaped.
        await carol.NextPeerLeftAsync();
        var seated = await survivor.Services.GetRequiredService<IRoomRegistry>().GetMembersAsync("room");
        Assert.Contains(alice.PeerId, seated.Select(m => m.PeerId));
        await bob.AssertNoEventsAsync("a node that heartbeats is not reaped");

        var stopped = Stopwatch.StartNew();
        await leavingService.StopAsync(CancellationToken.None);

        Assert.Equal(new PeerInfo(alice.PeerId, "Alice"), await bob.NextPeerLeftAsync());
        Assert.True(stopped.Elapsed < presence, $"reaped {stopped.Elapsed} after the stop, no sooner than its presence would have lapsed");
    }

    [Fact]
    public async Task WithAGracePeriod_ADeadNodesSeatsAreHeldByTheReaper_KeepingDeadlinesTheyHad()
    {
        var dead = await NodeAsync("dead", o => o.PresenceTimeout = ShortPresence);
        var reaper = await NodeAsync("reaper");
        var alice = (await dead.Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2))).Member!;
        var bob = (await dead.Registry.JoinAsync(new JoinRequest("room", "Bob", "c2", null, 2))).Member!;
        var bobDeadline = DateTimeOffset.UtcNow.AddSeconds(5);
        await dead.Registry.MarkAwayAsync(bob, bobDeadline);
        await PresenceLapsedAsync(dead);
        var reapedAt = DateTimeOffset.UtcNow;

        var held = await reaper.Registry.ReapDeadNodesAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(
            new[] { alice.PeerId, bob.PeerId }.Order(StringComparer.Ordinal), held.Select(m => m.PeerId).Order(StringComparer.Ordinal));
        Assert.All(held, m => Assert.True(m.IsAway, $"{m.PeerId} was freed, not held"));
        Assert.All(held, m => Assert.Equal(reaper.Registry.NodeId, m.Node));
        Assert.InRange(held.Single(m => m.PeerId == alice.PeerId).AwayUntil!.Value, reapedAt.AddSeconds(19), reapedAt.AddSeconds(21));
        Assert.Equal(bobDeadline.ToUnixTimeMilliseconds(), held.Single(m => m.PeerId == bob.PeerId).AwayUntil!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(2, (await reaper.Registry.GetMembersAsync("room")).Count);
        Assert.Empty(await reaper.Registry.ReapDeadNodesAsync(TimeSpan.FromSeconds(20)));
        Assert.DoesNotContain(await redis.KeysAsync(_prefix), k => k.Contains(dead.Registry.NodeId, StringComparison.Ordinal));

        // The held seats are the reaper's now: its expiry frees them, and if it dies too (it never heartbeated) they
        // are reaped again.
        Assert.True(await reaper.Registry.LeaveAsync(alice) == LeaveOutcome.Left, "the reaper could not free a seat it holds");
        await PresenceLapsedAsync(reaper);
        var third = await NodeAsync("third");
        Assert.Equal(bob.PeerId, Assert.Single(await third.Registry.ReapDeadNodesAsync(TimeSpan.FromSeconds(20))).PeerId);
    }

    [Fact]
    public async Task ThePresenceService_WithAGracePeriod_TellsTheRoomPeerReconnecting_ThenPeerLeftWhenItEnds()
    {
        // The survivor holds a reaped seat for 1 s.
        var dead = await NodeAsync("dead");
        var survivor = await SignalingNodeAsync("survivor");
        await using var bob = await survivor.ConnectAsync();
        var bobJoin = await bob.JoinOkAsync("one", "Bob");
        var alice = (await dead.Registry.JoinAsync(new JoinRequest("one", "Alice", "c1", null, 2))).Member!;
        var silentSince = Stopwatch.StartNew();

        Assert.Equal(new PeerInfo(alice.PeerId, "Alice"), await bob.NextPeerReconnectingAsync());
        Assert.Equal(new PeerInfo(alice.PeerId, "Alice"), await bob.NextPeerLeftAsync());

        // The presence lapses after a second of silence, then the seat is held for another second.
        Assert.True(silentSince.Elapsed >= TimeSpan.FromSeconds(1.9), $"freed {silentSince.Elapsed} after the node fell silent");
        Assert.Equal([bobJoin.PeerId], (await survivor.Services.GetRequiredService<IRoomRegistry>().GetMembersAsync("one")).Select(m => m.PeerId));
    }

    private async Task<RegistryNode> NodeAsync(string name, Action<RedisRoomRegistryOptions>? configure = null)
    {
        var node = await RegistryNode.ConnectAsync(redis.Server, _prefix, name, configure);
        _cleanup.Add(node);
        return node;
    }

    private async Task<SignalingServer> SignalingNodeAsync(string name, params KeyValuePair<string, string?>[] settings)
    {
        var node = await RedisNode.StartAsync(redis.Server, _prefix, name, log: null, settings);
        _cleanup.Add(node);
        return node;
    }

    /// <summary>
    /// Runs a node's presence service alone, for a node that has no clients, only seats in Redis; what it reaps it
    /// announces through the relay, to the nodes holding the listeners' connections.
    /// </summary>
    private async Task<RedisPresenceService> StartPresenceAsync(RegistryNode node)
    {
        var self = new ThisNode(node.Registry.NodeId);
        var connections = new ConnectionRegistry(self);
        var relay = new RedisSocketRelay(node.Connection, connections, self, Options.Create(node.Options), NullLogger<RedisSocketRelay>.Instance);
        var service = new RedisPresenceService(
            node.Registry,
            new SignalingClients(connections, self, node.Registry, relay),
            Options.Create(node.Options),
            TimeProvider.System,
            NullLogger<RedisPresenceService>.Instance);
        await service.StartAsync(CancellationToken.None);
        _cleanup.Add(new Stopper(service));
        return service;
    }

    private Task<bool> AliveAsync(RegistryNode node) =>
        redis.Admin.GetDatabase().KeyExistsAsync($"{_prefix}node:{node.Registry.NodeId}:alive");

    private Task PresenceLapsedAsync(RegistryNode node) =>
        Eventually.HoldsAsync(async () => !await AliveAsync(node), $"the presence of {node.Registry.NodeId} lapsing");

    private static async Task<List<RoomMember>> ReapUntilAsync(RegistryNode reaper, int expected)
    {
        var reaped = new List<RoomMember>();
        await Eventually.HoldsAsync(
            async () =>
            {
                await reaper.Registry.HeartbeatAsync();
                reaped.AddRange(await reaper.Registry.ReapDeadNodesAsync());
                return reaped.Count >= expected;
            },
            $"{expected} seats reaped",
            Timeout + Slack + Slack);
        return reaped;
    }

    private sealed class Stopper(RedisPresenceService service) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await service.StopAsync(CancellationToken.None);
            service.Dispose();
        }
    }
}
