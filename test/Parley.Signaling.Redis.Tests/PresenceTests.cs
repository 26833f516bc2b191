using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Parley.Signaling.Contracts;
using Parley.Signaling.Redis.Tests.TestUtils;
using Parley.Signaling.Rooms;
using Parley.Signaling.Sockets;

namespace Parley.Signaling.Redis.Tests;

/// <summary>Nodes heartbeat with a 200 ms interval and a 1 s presence timeout; a silent node's seats are reaped.</summary>
[Collection(RedisServerGroup.Name)]
public sealed class PresenceTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1.5);

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
        var reaped = await ReapUntilAsync(survivor, expected: 2, heartbeat: true);

        Assert.InRange(silentSince.Elapsed, Timeout - TimeSpan.FromMilliseconds(20), Timeout + Slack);
        Assert.Equal(
            [("one", alice.PeerId, "Alice", "c1"), ("two", bob.PeerId, "Bob", "c2")],
            reaped.Select(m => (m.Room, m.PeerId, m.Username, m.ConnectionId)).Order());
        Assert.Empty(await survivor.Registry.ReapDeadNodesAsync());
        Assert.Equal([carol.PeerId], (await survivor.Registry.GetMembersAsync("one")).Select(m => m.PeerId));
        Assert.Empty(await survivor.Registry.GetMembersAsync("two"));
        Assert.DoesNotContain(await redis.KeysAsync(_prefix), k => k.Contains(dead.Registry.NodeId, StringComparison.Ordinal));
        Assert.True(await dead.Registry.LeaveAsync(alice) == LeaveOutcome.NotSeated, "a reaped seat was freed twice");
    }

    [Fact]
    public async Task TwoReapersRacing_ReturnEachDeadSeatExactlyOnce()
    {
        var dead = await NodeAsync("dead");
        var first = await NodeAsync("first", o => o.ReapBatchSize = 7);
        var second = await NodeAsync("second", o => o.ReapBatchSize = 7);
        var seated = new List<RoomMember>();
        for (var i = 0; i < 60; i++)
        {
            seated.Add((await dead.Registry.JoinAsync(new JoinRequest($"room-{i % 6}", $"peer {i}", $"conn {i}", null, 10))).Member!);
        }

        await Task.Delay(Timeout + TimeSpan.FromMilliseconds(100));
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
        var alive = await NodeAsync("alive");
        var reaper = await NodeAsync("reaper");
        var hub = new RecordingHubContext();
        await StartServiceAsync(alive, hub);
        var alice = (await alive.Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2))).Member!;

        await Task.Delay(Timeout * 2);

        Assert.Empty(await reaper.Registry.ReapDeadNodesAsync());
        Assert.Equal([alice.PeerId], (await reaper.Registry.GetMembersAsync("room")).Select(m => m.PeerId));
        Assert.Empty(hub.PeerLefts);
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
        var reaped = await ReapUntilAsync(survivor, expected: 1, heartbeat: true);

        Assert.Equal(JoinStatus.Resumed, resumed.Status);
        Assert.Equal(bob.PeerId, Assert.Single(reaped).PeerId);
        Assert.Equal(("new", alice.PeerId), (await survivor.Registry.GetMembersAsync("room")).Select(m => (m.ConnectionId, m.PeerId)).Single());
    }

    [Fact]
    public async Task ThePresenceService_TellsTheRoomPeerLeft_WhenANodeGoesSilent()
    {
        var dead = await NodeAsync("dead");
        var survivor = await NodeAsync("survivor");
        var hub = new RecordingHubContext();
        await StartServiceAsync(survivor, hub);
        await Task.Delay(Timeout);
        await survivor.Registry.JoinAsync(new JoinRequest("one", "Carol", "listener-one", null, 2));
        await survivor.Registry.JoinAsync(new JoinRequest("two", "Dave", "listener-two", null, 2));
        var alice = (await dead.Registry.JoinAsync(new JoinRequest("one", "Alice", "c1", null, 2))).Member!;
        var silentSince = Stopwatch.StartNew();
        var bob = (await dead.Registry.JoinAsync(new JoinRequest("two", "Bob", "c2", null, 2))).Member!;

        await WaitUntilAsync(() => hub.PeerLefts.Count >= 2, Timeout + Slack);

        Assert.True(silentSince.Elapsed >= Timeout - TimeSpan.FromMilliseconds(20), $"reaped after {silentSince.Elapsed}");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(
            [("listener-one", new PeerInfo(alice.PeerId, "Alice")), ("listener-two", new PeerInfo(bob.PeerId, "Bob"))],
            hub.PeerLefts.OrderBy(p => p.ConnectionId, StringComparer.Ordinal));
    }

    [Fact]
    public async Task StoppingANodesPresenceService_LetsTheOthersReapItWithoutWaitingForTheTimeout()
    {
        var leaving = await NodeAsync("leaving", o => o.PresenceTimeout = TimeSpan.FromSeconds(3));
        var survivor = await NodeAsync("survivor", o => o.PresenceTimeout = TimeSpan.FromSeconds(3));
        var survivorHub = new RecordingHubContext();
        var leavingService = await StartServiceAsync(leaving, new RecordingHubContext());
        var alice = (await leaving.Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2))).Member!;
        await survivor.Registry.JoinAsync(new JoinRequest("room", "Bob", "listener", null, 2));

        // The survivor reaps only once its own heartbeats have held for a presence timeout.
        await StartServiceAsync(survivor, survivorHub);
        await Task.Delay(TimeSpan.FromSeconds(3.2));
        Assert.Empty(survivorHub.PeerLefts);

        var stopped = Stopwatch.StartNew();
        await leavingService.StopAsync(CancellationToken.None);
        await WaitUntilAsync(() => !survivorHub.PeerLefts.IsEmpty, TimeSpan.FromSeconds(2));

        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(2), $"reaped {stopped.Elapsed} after the stop");
        Assert.Equal(("listener", new PeerInfo(alice.PeerId, "Alice")), Assert.Single(survivorHub.PeerLefts));
    }

    [Fact]
    public async Task WithAGracePeriod_ADeadNodesSeatsAreHeldByTheReaper_KeepingDeadlinesTheyHad()
    {
        var dead = await NodeAsync("dead");
        var reaper = await NodeAsync("reaper");
        var alice = (await dead.Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2))).Member!;
        var bob = (await dead.Registry.JoinAsync(new JoinRequest("room", "Bob", "c2", null, 2))).Member!;
        var bobDeadline = DateTimeOffset.UtcNow.AddSeconds(5);
        await dead.Registry.MarkAwayAsync(bob, bobDeadline);
        await Task.Delay(Timeout + TimeSpan.FromMilliseconds(100));
        var reapedAt = DateTimeOffset.UtcNow;

        var held = await reaper.Registry.ReapDeadNodesAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(
            new[] { alice.PeerId, bob.PeerId }.Order(StringComparer.Ordinal), held.Select(m => m.PeerId).Order(StringComparer.Ordinal));
        Assert.All(held, m => Assert.True(m.IsAway, $"{m.PeerId} was freed, not held"));
        Assert.InRange(held.Single(m => m.PeerId == alice.PeerId).AwayUntil!.Value, reapedAt.AddSeconds(19), reapedAt.AddSeconds(21));
        Assert.Equal(bobDeadline.ToUnixTimeMilliseconds(), held.Single(m => m.PeerId == bob.PeerId).AwayUntil!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(2, (await reaper.Registry.GetMembersAsync("room")).Count);
        Assert.Empty(await reaper.Registry.ReapDeadNodesAsync(TimeSpan.FromSeconds(20)));
        Assert.DoesNotContain(await redis.KeysAsync(_prefix), k => k.Contains(dead.Registry.NodeId, StringComparison.Ordinal));

        // The held seats are the reaper's now: its expiry frees them, and if it dies too they are reaped again.
        Assert.True(await reaper.Registry.LeaveAsync(alice) == LeaveOutcome.Left, "the reaper could not free a seat it holds");
        await Task.Delay(Timeout + TimeSpan.FromMilliseconds(100));
        var third = await NodeAsync("third");
        Assert.Equal(bob.PeerId, Assert.Single(await third.Registry.ReapDeadNodesAsync(TimeSpan.FromSeconds(20))).PeerId);
    }

    [Fact]
    public async Task ThePresenceService_WithAGracePeriod_TellsTheRoomPeerReconnecting_ThenPeerLeftWhenItEnds()
    {
        var dead = await NodeAsync("dead");
        var survivor = await NodeAsync("survivor");
        var hub = new RecordingHubContext();
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var grace = new ReconnectGrace(
            survivor.Registry,
            Clients(survivor, hub),
            TimeProvider.System,
            Options.Create(new SignalingOptions { ReconnectGracePeriod = TimeSpan.FromSeconds(1) }),
            new SignalingMetrics(meters.GetRequiredService<IMeterFactory>()),
            NullLogger<ReconnectGrace>.Instance);
        await StartServiceAsync(survivor, hub, grace);
        await Task.Delay(Timeout);
        var bob = (await survivor.Registry.JoinAsync(new JoinRequest("one", "Bob", "listener", null, 2))).Member!;
        var alice = (await dead.Registry.JoinAsync(new JoinRequest("one", "Alice", "c1", null, 2))).Member!;
        var silentSince = Stopwatch.StartNew();

        await WaitUntilAsync(() => !hub.PeerReconnectings.IsEmpty, Timeout + Slack);
        await WaitUntilAsync(() => !hub.PeerLefts.IsEmpty, TimeSpan.FromSeconds(3));

        // The presence lapses after a second of silence, then the seat is held for another second.
        Assert.True(silentSince.Elapsed >= TimeSpan.FromSeconds(1.9), $"freed {silentSince.Elapsed} after the node fell silent");
        Assert.Equal(("listener", new PeerInfo(alice.PeerId, "Alice")), Assert.Single(hub.PeerReconnectings));
        Assert.Equal(("listener", new PeerInfo(alice.PeerId, "Alice")), Assert.Single(hub.PeerLefts));
        Assert.Equal([bob.PeerId], (await survivor.Registry.GetMembersAsync("one")).Select(m => m.PeerId));
    }

    private async Task<RegistryNode> NodeAsync(string name, Action<RedisRoomRegistryOptions>? configure = null)
    {
        var node = await RegistryNode.ConnectAsync(redis.Server, _prefix, name, configure);
        _cleanup.Add(node);
        return node;
    }

    private async Task<RedisPresenceService> StartServiceAsync(
        RegistryNode node, RecordingHubContext hub, ReconnectGrace? grace = null)
    {
        var service = new RedisPresenceService(
            node.Registry, Clients(node, hub), Options.Create(node.Options), TimeProvider.System, NullLogger<RedisPresenceService>.Instance, grace);
        await service.StartAsync(CancellationToken.None);
        _cleanup.Add(new Stopper(service));
        return service;
    }

    private static SignalingClients Clients(RegistryNode node, RecordingHubContext hub) =>
        new(
            hub,
            new SocketConnections(
                new ThisNode(node.Registry.NodeId),
                new SignalingDrain(Options.Create(new SignalingOptions()), NullLogger<SignalingDrain>.Instance)),
            node.Registry);

    private static async Task<List<RoomMember>> ReapUntilAsync(RegistryNode reaper, int expected, bool heartbeat)
    {
        var reaped = new List<RoomMember>();
        var deadline = Stopwatch.StartNew();
        while (reaped.Count < expected)
        {
            Assert.True(deadline.Elapsed < Timeout + Slack + Slack, $"reaped {reaped.Count} of {expected} seats");
            if (heartbeat)
            {
                await reaper.Registry.HeartbeatAsync();
            }

            reaped.AddRange(await reaper.Registry.ReapDeadNodesAsync());
            await Task.Delay(50);
        }

        return reaped;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < limit, $"not within {limit}");
            await Task.Delay(25);
        }
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
