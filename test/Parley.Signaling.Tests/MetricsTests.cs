using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Parley.Signaling.Rooms;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

/// <summary>The <c>Parley.Signaling</c> meter counts what the hub did, tagged by outcome.</summary>
public sealed class MetricsTests
{
    private const string Rooms = "parley.signaling.rooms";

    [Fact]
    public async Task JoinsRefusalsRelaysAndLeaves_AreCounted_ByOutcome()
    {
        await using var server = await SignalingServer.StartAsync();
        using var recorded = Record(server);
        var room = TestRooms.Unique();
        await using var alice = await server.ConnectAsync();
        await using var bob = await server.ConnectAsync();
        await using var carol = await server.ConnectAsync();

        await alice.JoinOkAsync(room, "Alice");
        var bobJoin = await bob.JoinOkAsync(room, "Bob");
        Assert.Equal("room-full", (await carol.JoinAsync(room, "Carol")).Error?.Code);
        Assert.Null((await alice.DataAsync("offer", bobJoin.PeerId)).Error);
        Assert.Null((await bob.LeaveAsync()).Error);

        Assert.Equal(3, recorded.Sum("parley.signaling.connections"));
        Assert.Equal(2, recorded.Sum("parley.signaling.joins", "joined"));
        Assert.Equal(1, recorded.Sum("parley.signaling.joins.rejected", "room-full"));
        Assert.Equal(1, recorded.Sum("parley.signaling.messages.relayed", "peer"));
        Assert.Equal(1, recorded.Sum("parley.signaling.leaves", "left"));
        Assert.Equal(1, recorded.Sum(Rooms));
    }

    [Fact]
    public async Task TheRoomsGauge_KeepsARoomTheFirstOfTwoLeaves_AndDropsItWithTheLastLeaver()
    {
        await using var server = await SignalingServer.StartAsync();
        using var recorded = Record(server);
        await using var call = await TwoPeerCall.StartAsync(server);
        Assert.Equal(1, recorded.Sum(Rooms));

        Assert.Null((await call.Alice.LeaveAsync()).Error);
        Assert.True(recorded.Sum(Rooms) == 1, $"the rooms gauge is {recorded.Sum(Rooms)} with Bob still in the room");

        Assert.Null((await call.Bob.LeaveAsync()).Error);
        Assert.True(recorded.Sum(Rooms) == 0, $"the rooms gauge is {recorded.Sum(Rooms)} after the last leaver");
    }

    [Fact]
    public async Task TheRoomsGauge_DropsARoom_WhenTheGracePeriodOfItsLastSeatEnds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var server = await SignalingServer.StartAsync(
            services => services.AddSingleton<TimeProvider>(clock),
            KeyValuePair.Create("Signaling:ReconnectGracePeriod", (string?)"00:00:20"));
        using var recorded = Record(server);
        var room = TestRooms.Unique();
        await using var alice = await server.ConnectAsync();
        await alice.JoinOkAsync(room, "Alice");

        await alice.StopAsync();
        await WaitUntilHeldAsync(server.Services.GetRequiredService<IRoomRegistry>(), room);
        Assert.True(recorded.Sum(Rooms) == 1, $"the rooms gauge is {recorded.Sum(Rooms)} while the only seat is held");

        // The expiry timer is created a moment after the registry shows the seat held: if the clock moved in between,
        // the timer counts its 20 s from the moved clock, so the clock moves on until the expiry has run.
        for (var moves = 0; moves < 5 && recorded.Sum("parley.signaling.leaves", "reconnect-expired") == 0; moves++)
        {
            clock.Advance(TimeSpan.FromSeconds(20));
            await WaitBrieflyForAsync(() => recorded.Sum("parley.signaling.leaves", "reconnect-expired") > 0);
        }

        await recorded.WaitForSumAsync("parley.signaling.leaves", "reconnect-expired", 1, TaskTimeouts.Default);
        Assert.True(recorded.Sum(Rooms) == 0, $"the rooms gauge is {recorded.Sum(Rooms)} after the last seat expired");
    }

    private static RecordedMeasurements Record(SignalingServer server) =>
        new(server.Services.GetRequiredService<IMeterFactory>(), SignalingMetrics.MeterName);

    private static async Task WaitBrieflyForAsync(Func<bool> condition)
    {
        for (var waited = 0; waited < 2000 && !condition(); waited += 20)
        {
            await Task.Delay(20);
        }
    }

    // The expiry is timed from the moment the seat is marked away: the clock may only move on after that.
    private static async Task WaitUntilHeldAsync(IRoomRegistry registry, string room)
    {
        using var timeout = new CancellationTokenSource(TaskTimeouts.Default);
        while (!(await registry.GetMembersAsync(room, timeout.Token)).Any(m => m.IsAway))
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
