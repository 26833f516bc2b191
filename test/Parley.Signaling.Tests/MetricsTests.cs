using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Parley.Signaling.Rooms;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

/// <summary>The <c>Parley.Signaling</c> meter counts what the server did, tagged by outcome.</summary>
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
            (services, _) => services.AddSingleton<TimeProvider>(clock),
            KeyValuePair.Create("Signaling:ReconnectGracePeriod", (string?)"00:00:20"));
        using var recorded = Record(server);
        var registry = server.Services.GetRequiredService<IRoomRegistry>();
        var room = TestRooms.Unique();
        await using var alice = await server.ConnectAsync();
        await alice.JoinOkAsync(room, "Alice");

        await alice.DisposeAsync();
        await Eventually.HoldsAsync(async () => (await registry.GetMembersAsync(room)).Any(m => m.IsAway), "the seat being held");
        Assert.True(recorded.Sum(Rooms) == 1, $"the rooms gauge is {recorded.Sum(Rooms)} while the only seat is held");

        // The expiry timer is created a moment after the registry shows the seat held: if the clock moved in between,
        // the timer counts its 20 s from the moved clock, so the clock moves on until the expiry has run.
        await Eventually.HoldsAsync(
            () =>
            {
                clock.Advance(TimeSpan.FromSeconds(20));
                return recorded.Sum("parley.signaling.leaves", "reconnect-expired") == 1;
            },
            "the held seat's expiry");
        Assert.True(recorded.Sum(Rooms) == 0, $"the rooms gauge is {recorded.Sum(Rooms)} after the last seat expired");
    }

    private static RecordedMeasurements Record(SignalingServer server) =>
        new(server.Services.GetRequiredService<IMeterFactory>(), SignalingMetrics.MeterName);
}
