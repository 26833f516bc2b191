using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Parley.Signaling.Contracts;
using Parley.Signaling.Redis.Tests.TestUtils;
using Parley.Signaling.Rooms;
using StackExchange.Redis;

namespace Parley.Signaling.Redis.Tests;

/// <summary>Two signaling nodes on Kestrel sharing rooms, and carrying events to each other, through one Redis.</summary>
[Collection(RedisServerGroup.Name)]
public sealed class ScaleOutTests(RedisFixture redis) : IAsyncLifetime
{
    private readonly string _prefix = RegistryNode.NewPrefix();
    private readonly RecordedLog _firstLog = new();
    private SignalingServer _first = null!;
    private SignalingServer _second = null!;

    public async Task InitializeAsync()
    {
        _first = await RedisNode.StartAsync(redis.Server, _prefix, "first", _firstLog);
        _second = await RedisNode.StartAsync(redis.Server, _prefix, "second");
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task TwoNodes_ShareOneRoomAndItsCapacity()
    {
        await using var alice = await _first.ConnectAsync();
        await using var bob = await _second.ConnectAsync();
        await using var carol = await _first.ConnectAsync();

        var aliceJoin = await alice.JoinOkAsync("room", "Alice");
        var bobJoin = await bob.JoinOkAsync("room", "Bob");
        var carolRefused = await carol.JoinAsync("room", "Carol");

        Assert.Equal([new PeerInfo(aliceJoin.PeerId!, "Alice")], bobJoin.Peers);
        Assert.Equal("room-full", carolRefused.Error?.Code);

        Assert.Null((await bob.LeaveAsync()).Error);
        var carolJoin = await carol.JoinOkAsync("room", "Carol");

        Assert.Equal([new PeerInfo(aliceJoin.PeerId!, "Alice")], carolJoin.Peers);
    }

    [Fact]
    public async Task PeersOnTwoNodes_HearEachOthersReadyDataAndLeave_InTheOrderSent()
    {
        await using var alice = await _first.ConnectAsync();
        await using var bob = await _second.ConnectAsync();
        var aliceId = (await alice.JoinOkAsync("room", "Alice")).PeerId!;
        var bobId = (await bob.JoinOkAsync("room", "Bob")).PeerId!;

        Assert.Equal(bobId, (await alice.NextReadyAsync()).PeerId);
        for (var i = 0; i < 50; i++)
        {
            await bob.RelayAsync($"candidate {i}", aliceId);
        }

        for (var i = 0; i < 50; i++)
        {
            var data = await alice.NextDataAsync();
            Assert.Equal((bobId, $"candidate {i}"), (data.From, data.Payload));
        }

        Assert.Null((await alice.DataAsync("answer", bobId)).Error);
        Assert.Equal("answer", (await bob.NextDataAsync()).Payload);
        Assert.Null((await alice.LeaveAsync()).Error);
        Assert.Equal(aliceId, (await bob.NextPeerLeftAsync()).PeerId);
    }

    [Fact]
    public async Task ARejoinOnTheOtherNode_TakesTheSeatOver_AndTheOldConnectionLosesIt()
    {
        await using var alice = await _first.ConnectAsync();
        await using var bob = await _first.ConnectAsync();
        var joined = await alice.JoinOkAsync("room", "Alice");
        await bob.JoinOkAsync("room", "Bob");
        await using var reloaded = await _second.ConnectAsync();

        var resumed = await reloaded.RejoinAsync("room", "Alice", joined.ResumeToken!);

        Assert.Null(resumed.Error);
        Assert.Equal(joined.PeerId, resumed.PeerId);
        Assert.Equal("not-joined", (await alice.DataAsync("hello", null)).Error?.Code);
        Assert.Equal(new ReadyPeer(joined.PeerId!, "Alice", Resumed: false), await bob.NextReadyAsync());
    }

    [Fact]
    public async Task ADroppedPeer_ResumesItsHeldSeatOnTheOtherNode_AndTheFirstNodesExpiryLeavesItAlone()
    {
        await using var alice = await _first.ConnectAsync();
        await using var bob = await _first.ConnectAsync();
        var joined = await alice.JoinOkAsync("room", "Alice");
        await bob.JoinOkAsync("room", "Bob");
        await alice.NextReadyAsync();

        await alice.DisposeAsync();
        Assert.Equal(joined.PeerId, (await bob.NextPeerReconnectingAsync()).PeerId);
        await using var back = await _second.ConnectAsync();
        var resumed = await back.ResumeAsync("room", "Alice", joined.ResumeToken!);

        // The first node's timer still fires when the grace period ends, and finds the seat taken back.
        await _firstLog.WaitForAsync("PeerAwayAlreadyBack");

        Assert.True(resumed.Resumed, "the held seat was not resumed");
        Assert.Equal(joined.PeerId, resumed.PeerId);
        Assert.Equal(new ReadyPeer(joined.PeerId!, "Alice", Resumed: true), await bob.NextReadyAsync());
        await bob.AssertNoEventsAsync("a resumed seat does not expire");
        var members = await _first.Services.GetRequiredService<IRoomRegistry>().GetMembersAsync("room");
        Assert.All(members, m => Assert.False(m.IsAway, $"{m.PeerId} is still away"));
        Assert.Equal(2, members.Count);
    }

    [Fact]
    public async Task APasscodeRoom_IsSharedAcrossNodes_OnlyWithItsPasscode()
    {
        await using var alice = await _first.ConnectAsync();
        await using var bob = await _second.ConnectAsync();
        await using var carol = await _second.ConnectAsync();
        await alice.UnlockAsync("across nodes");
        await bob.UnlockAsync("across nodes");

        var aliceJoin = await alice.JoinOkAsync("locked", "Alice");
        var bobJoin = await bob.JoinOkAsync("locked", "Bob");
        var carolJoin = await carol.JoinOkAsync("locked", "Carol");

        Assert.Equal([new PeerInfo(aliceJoin.PeerId!, "Alice")], bobJoin.Peers);
        Assert.Empty(carolJoin.Peers);
        Assert.DoesNotContain(await redis.KeysAsync(_prefix), k => k.Contains("across", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ANodeThatDies_HasItsSeatsHeldForTheGracePeriod_ThenFreed_AndTheRoomHearsBoth()
    {
        await using var alice = await _first.ConnectAsync();
        var aliceJoin = await alice.JoinOkAsync("room", "Alice");
        var bob = await _second.ConnectAsync();
        var bobJoin = await bob.JoinOkAsync("room", "Bob");
        Assert.Equal(bobJoin.PeerId, (await alice.NextReadyAsync()).PeerId);

        // Redis is cut off from the second node before it goes, so it can neither free Bob's seat nor say goodbye; its
        // client goes with it. The node is dead to the others from then on: its last heartbeat is already written.
        var died = Stopwatch.StartNew();
        await _second.Services.GetRequiredService<IConnectionMultiplexer>().CloseAsync(allowCommandsToComplete: false);
        await bob.DisposeAsync();
        await _second.DisposeAsync();

        Assert.Equal(bobJoin.PeerId, (await alice.NextPeerReconnectingAsync()).PeerId);
        Assert.Equal(bobJoin.PeerId, (await alice.NextPeerLeftAsync()).PeerId);

        // The presence lapses about a second after the node's last heartbeat, then the seat is held for another second.
        Assert.True(died.Elapsed >= TimeSpan.FromSeconds(1.7), $"freed {died.Elapsed} after the node died: the grace period was skipped");
        await using var carol = await _first.ConnectAsync();
        var carolJoin = await carol.JoinOkAsync("room", "Carol");
        Assert.Equal([new PeerInfo(aliceJoin.PeerId!, "Alice")], carolJoin.Peers);
    }

    [Fact]
    public async Task TheRoomsGauge_KeepsARoomTheFirstOfTwoLeaves_AndTheLastLeaverOnTheOtherNodeDropsIt()
    {
        using var first = Record(_first);
        using var second = Record(_second);
        await using var alice = await _first.ConnectAsync();
        await using var bob = await _second.ConnectAsync();
        await alice.JoinOkAsync("room", "Alice");
        await bob.JoinOkAsync("room", "Bob");
        Assert.Equal(1, RoomsInUse(first, second));

        Assert.Null((await alice.LeaveAsync()).Error);
        Assert.True(RoomsInUse(first, second) == 1, $"{RoomsInUse(first, second)} rooms counted with Bob still in the room");

        Assert.Null((await bob.LeaveAsync()).Error);
        Assert.True(RoomsInUse(first, second) == 0, $"{RoomsInUse(first, second)} rooms counted after the last leaver");
    }

    [Fact]
    public async Task TheRoomsGauge_DropsARoom_WhenTheGracePeriodOfItsLastSeatEnds()
    {
        using var first = Record(_first);
        await using var alice = await _first.ConnectAsync();
        await alice.JoinOkAsync("room", "Alice");
        Assert.Equal(1, RoomsInUse(first));

        // The node's grace period is one second of real time.
        await alice.DisposeAsync();
        await first.WaitForSumAsync("parley.signaling.leaves", "reconnect-expired", 1);

        Assert.True(RoomsInUse(first) == 0, $"{RoomsInUse(first)} rooms counted after the last seat expired");
    }

    private static RecordedMeasurements Record(SignalingServer node) =>
        new(node.Services.GetRequiredService<IMeterFactory>(), SignalingMetrics.MeterName);

    // Each node counts the rooms its joins opened and its leaves emptied, as the leave script reports them: summed
    // over the nodes, that is the number of rooms in use.
    private static long RoomsInUse(params RecordedMeasurements[] nodes) => nodes.Sum(node => node.Sum("parley.signaling.rooms"));
}
