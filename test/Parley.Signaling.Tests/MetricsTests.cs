using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

/// <summary>The <c>Parley.Signaling</c> meter counts what the hub did, tagged by outcome.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task JoinsRefusalsRelaysAndLeaves_AreCounted_ByOutcome()
    {
        await using var server = await SignalingServer.StartAsync();
        using var recorded = new RecordedMeasurements(server.Services.GetRequiredService<IMeterFactory>());
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
        Assert.Equal(1, recorded.Sum("parley.signaling.rooms"));
    }
}
