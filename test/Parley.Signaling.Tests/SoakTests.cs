using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Parley.Signaling.Rooms;
using Xunit.Abstractions;

namespace Parley.Signaling.Tests;

/// <summary>
/// Rooms churning at a steady rate — join, exchange, and either hang up or drop the connection — leave nothing behind:
/// no seat, no room, no connection in the metrics, and the server's memory back at its baseline. Not part of the test
/// command (category <c>Soak</c>): <c>dotnet test test/Parley.Signaling.Tests --filter Category=Soak</c> runs it for
/// 20 s, <c>PARLEY_SOAK_SECONDS</c> for longer.
/// </summary>
[Trait("Category", "Soak")]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int RoomsAtOnce = 4;
    private const int MessagesEachWay = 10;

    // What the runtime, the JIT and the sockets' pools may keep after warm-up without it being a leak.
    private const long AllowedGrowthBytes = 16 * 1024 * 1024;

    [Fact]
    public async Task RoomsChurning_LeaveNoSeatsRoomsConnectionsOrMemoryBehind()
    {
        var duration = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("PARLEY_SOAK_SECONDS"), out var s) ? s : 20);
        await using var server = await SignalingServer.StartAsync();
        using var recorded = new RecordedMeasurements(server.Services.GetRequiredService<IMeterFactory>(), SignalingMetrics.MeterName);
        var registry = server.Services.GetRequiredService<IRoomRegistry>();
        var rooms = new List<string>();

        await ChurnAsync(server, rooms, rounds: 5);
        long baseline = await SettledMemoryAsync();
        var clock = Stopwatch.StartNew();
        int rounds = 0;
        while (clock.Elapsed < duration && rounds < 100_000)
        {
            await ChurnAsync(server, rooms, rounds: 1);
            rounds++;
        }

        // A dropped connection's seat is held for the grace period (1 s for test servers) before it is freed.
        await recorded.WaitForSumAsync("parley.signaling.connections", null, 0);
        await recorded.WaitForSumAsync("parley.signaling.rooms", null, 0);
        long after = await SettledMemoryAsync();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rounds * RoomsAtOnce} rooms in {clock.Elapsed.TotalSeconds:F0} s; managed heap {baseline / 1024} KiB before, {after / 1024} KiB after"));

        foreach (var room in rooms)
        {
            var left = await registry.GetMembersAsync(room);
            Assert.True(left.Count == 0, $"Room {room} still seats {string.Join(", ", left.Select(m => m.Username))}");
        }

        Assert.True(recorded.Sum("parley.signaling.connections") == 0, $"{recorded.Sum("parley.signaling.connections")} connections still counted");
        Assert.True(recorded.Sum("parley.signaling.rooms") == 0, $"{recorded.Sum("parley.signaling.rooms")} rooms still counted");
        Assert.True(after - baseline < AllowedGrowthBytes,
            $"The managed heap grew by {(after - baseline) / 1024} KiB over {rounds * RoomsAtOnce} rooms: something is kept per room");
    }

    /// <summary><see cref="RoomsAtOnce"/> calls at a time: both join, exchange, then one hangs up and the other drops.</summary>
    private static async Task ChurnAsync(SignalingServer server, List<string> rooms, int rounds)
    {
        for (int round = 0; round < rounds; round++)
        {
            var names = Enumerable.Range(0, RoomsAtOnce).Select(_ => TestRooms.Unique()).ToList();
            rooms.AddRange(names);
            await Task.WhenAll(names.Select(room => OneCallAsync(server, room)));
        }
    }

    private static async Task OneCallAsync(SignalingServer server, string room)
    {
        await using var alice = await server.ConnectAsync();
        var bob = await server.ConnectAsync();
        try
        {
            await alice.JoinOkAsync(room, "Alice");
            var bobJoin = await bob.JoinOkAsync(room, "Bob");
            for (int i = 0; i < MessagesEachWay; i++)
            {
                Assert.Null((await alice.DataAsync("offer-" + i, bobJoin.PeerId)).Error);
                Assert.Null((await bob.DataAsync("answer-" + i)).Error);
                await bob.NextDataAsync();
                await alice.NextDataAsync();
            }

            Assert.Null((await alice.LeaveAsync()).Error);
        }
        finally
        {
            // Bob's tab closes without Leave.
            await bob.DisposeAsync();
        }
    }

    private static async Task<long> SettledMemoryAsync()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Yield();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
