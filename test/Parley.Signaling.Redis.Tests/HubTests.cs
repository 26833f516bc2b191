using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Parley.Signaling.Contracts;
using Parley.Signaling.Redis.Tests.TestUtils;
using Parley.Testing;
using StackExchange.Redis;

namespace Parley.Signaling.Redis.Tests;

/// <summary>The real hub on two Kestrel nodes sharing rooms through Redis (no SignalR backplane here).</summary>
[Collection(RedisServerGroup.Name)]
public sealed class HubTests(RedisFixture redis) : IAsyncLifetime
{
    private readonly string _prefix = RegistryNode.NewPrefix();
    private SignalingNode _first = null!;
    private SignalingNode _second = null!;

    public async Task InitializeAsync()
    {
        _first = await SignalingNode.StartAsync(redis.Server, _prefix, "first");
        _second = await SignalingNode.StartAsync(redis.Server, _prefix, "second");
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task TwoNodes_ShareOneRoomAndItsCapacity()
    {
        var (alice, _) = await _first.ConnectAsync();
        var (bob, _) = await _second.ConnectAsync();
        var (carol, _) = await _first.ConnectAsync();

        var aliceJoin = await alice.InvokeAsync<JoinResult>("Join", "room", "Alice");
        var bobJoin = await bob.InvokeAsync<JoinResult>("Join", "room", "Bob");
        var carolRefused = await carol.InvokeAsync<JoinResult>("Join", "room", "Carol");

        Assert.Null(aliceJoin.Error);
        Assert.Null(bobJoin.Error);
        Assert.Equal([new PeerInfo(aliceJoin.PeerId!, "Alice")], bobJoin.Peers);
        Assert.Equal("room-full", carolRefused.Error?.Code);

        Assert.Null((await bob.InvokeAsync<SignalingResult>("Leave")).Error);
        var carolJoin = await carol.InvokeAsync<JoinResult>("Join", "room", "Carol");

        Assert.Null(carolJoin.Error);
        Assert.Equal([new PeerInfo(aliceJoin.PeerId!, "Alice")], carolJoin.Peers);
    }

    [Fact]
    public async Task ARejoinOnTheOtherNode_TakesTheSeatOver_AndTheOldConnectionLosesIt()
    {
        var (alice, _) = await _first.ConnectAsync();
        var (bob, _) = await _first.ConnectAsync();
        var joined = await alice.InvokeAsync<JoinResult>("Join", "room", "Alice");
        await bob.InvokeAsync<JoinResult>("Join", "room", "Bob");
        var (reloaded, _) = await _second.ConnectAsync();

        var resumed = await reloaded.InvokeAsync<JoinResult>("Rejoin", "room", "Alice", joined.ResumeToken!);

        Assert.Null(resumed.Error);
        Assert.Equal(joined.PeerId, resumed.PeerId);
        Assert.Equal("not-joined", (await alice.InvokeAsync<SignalingResult>("Data", "hello", null)).Error?.Code);
    }

    [Fact]
    public async Task ADroppedPeer_ResumesItsHeldSeatOnTheOtherNode_AndTheFirstNodesExpiryLeavesItAlone()
    {
        var (alice, _) = await _first.ConnectAsync();
        var (bob, bobEvents) = await _first.ConnectAsync();
        var joined = await alice.InvokeAsync<JoinResult>("Join", "room", "Alice");
        await bob.InvokeAsync<JoinResult>("Join", "room", "Bob");

        await alice.StopAsync();
        await WaitUntilAsync(() => bobEvents.Contains($"reconnecting {joined.PeerId}"));
        var (back, _) = await _second.ConnectAsync();
        var resumed = await back.InvokeAsync<JoinResult>("Resume", "room", "Alice", joined.ResumeToken!);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.True(resumed.Resumed, "the held seat was not resumed");
        Assert.Equal(joined.PeerId, resumed.PeerId);
        Assert.DoesNotContain($"left {joined.PeerId}", bobEvents);
        var members = await _first.Services.GetRequiredService<Rooms.IRoomRegistry>().GetMembersAsync("room");
        Assert.All(members, m => Assert.False(m.IsAway, $"{m.PeerId} is still away"));
        Assert.Equal(2, members.Count);
    }

    [Fact]
    public async Task APasscodeRoom_IsSharedAcrossNodes_OnlyWithItsPasscode()
    {
        var (alice, _) = await _first.ConnectAsync();
        var (bob, _) = await _second.ConnectAsync();
        var (carol, _) = await _second.ConnectAsync();
        await alice.InvokeAsync<SignalingResult>("Unlock", "across nodes");
        await bob.InvokeAsync<SignalingResult>("Unlock", "across nodes");

        var aliceJoin = await alice.InvokeAsync<JoinResult>("Join", "locked", "Alice");
        var bobJoin = await bob.InvokeAsync<JoinResult>("Join", "locked", "Bob");
        var carolJoin = await carol.InvokeAsync<JoinResult>("Join", "locked", "Carol");

        Assert.Equal([new PeerInfo(aliceJoin.PeerId!, "Alice")], bobJoin.Peers);
        Assert.Null(carolJoin.Error);
        Assert.Empty(carolJoin.Peers);
        Assert.DoesNotContain(await redis.KeysAsync(_prefix), k => k.Contains("across", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ANodeThatDies_HasItsSeatsHeldForTheGracePeriod_ThenFreed_AndTheRoomHearsBoth()
    {
        var (alice, aliceEvents) = await _first.ConnectAsync();
        var aliceJoin = await alice.InvokeAsync<JoinResult>("Join", "room", "Alice");
        var (bob, _) = await _second.ConnectAsync();
        var bobJoin = await bob.InvokeAsync<JoinResult>("Join", "room", "Bob");
        Assert.Equal([new PeerInfo(aliceJoin.PeerId!, "Alice")], bobJoin.Peers);

        // Without a backplane Alice heard no Ready from the second node, but she hears the first node's PeerLeft.
        // Redis is cut off from the second node before it goes, so it can neither free Bob's seat nor say goodbye.
        // The node is dead to the others from the moment Redis is cut off: its last heartbeat is already written.
        var died = Stopwatch.StartNew();
        await _second.Services.GetRequiredService<IConnectionMultiplexer>().CloseAsync(allowCommandsToComplete: false);
        await _second.DisposeAsync();

        await WaitUntilAsync(() => aliceEvents.Contains($"reconnecting {bobJoin.PeerId}"));
        var heldAfter = died.Elapsed;
        await WaitUntilAsync(() => aliceEvents.Contains($"left {bobJoin.PeerId}"));

        Assert.True(heldAfter < TimeSpan.FromSeconds(3), $"reaped after {heldAfter}");
        // The presence lapses about a second after the node's last heartbeat, then the seat is held for another second.
        Assert.True(died.Elapsed >= TimeSpan.FromSeconds(1.7), $"freed {died.Elapsed} after the node died: the grace period was skipped");
        var (carol, _) = await _first.ConnectAsync();
        var carolJoin = await carol.InvokeAsync<JoinResult>("Join", "room", "Carol");
        Assert.Null(carolJoin.Error);
        Assert.Equal([new PeerInfo(aliceJoin.PeerId!, "Alice")], carolJoin.Peers);
    }

    [Fact]
    public async Task TheRoomsGauge_KeepsARoomTheFirstOfTwoLeaves_AndTheLastLeaverOnTheOtherNodeDropsIt()
    {
        using var first = Record(_first);
        using var second = Record(_second);
        var (alice, _) = await _first.ConnectAsync();
        var (bob, _) = await _second.ConnectAsync();
        Assert.Null((await alice.InvokeAsync<JoinResult>("Join", "room", "Alice")).Error);
        Assert.Null((await bob.InvokeAsync<JoinResult>("Join", "room", "Bob")).Error);
        Assert.Equal(1, RoomsInUse(first, second));

        Assert.Null((await alice.InvokeAsync<SignalingResult>("Leave")).Error);
        Assert.True(RoomsInUse(first, second) == 1, $"{RoomsInUse(first, second)} rooms counted with Bob still in the room");

        Assert.Null((await bob.InvokeAsync<SignalingResult>("Leave")).Error);
        Assert.True(RoomsInUse(first, second) == 0, $"{RoomsInUse(first, second)} rooms counted after the last leaver");
    }

    [Fact]
    public async Task TheRoomsGauge_DropsARoom_WhenTheGracePeriodOfItsLastSeatEnds()
    {
        using var first = Record(_first);
        var (alice, _) = await _first.ConnectAsync();
        Assert.Null((await alice.InvokeAsync<JoinResult>("Join", "room", "Alice")).Error);
        Assert.Equal(1, RoomsInUse(first));

        // The node's grace period is one second of real time.
        await alice.StopAsync();
        await first.WaitForSumAsync("parley.signaling.leaves", "reconnect-expired", 1, TimeSpan.FromSeconds(10));

        Assert.True(RoomsInUse(first) == 0, $"{RoomsInUse(first)} rooms counted after the last seat expired");
    }

    private static RecordedMeasurements Record(SignalingNode node) =>
        new(node.Services.GetRequiredService<IMeterFactory>(), SignalingMetrics.MeterName);

    // Each node counts the rooms its joins opened and its leaves emptied, as the leave script reports them: summed
    // over the nodes, that is the number of rooms in use.
    private static long RoomsInUse(params RecordedMeasurements[] nodes) => nodes.Sum(node => node.Sum("parley.signaling.rooms"));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(5), "timed out waiting");
            await Task.Delay(25);
        }
    }
}
