using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Tests.TestUtils;
using Parley.Server.Turn;

namespace Parley.Server.Tests;

/// <summary>Two Parley nodes sharing one real redis-server: rooms, seats and messages span the nodes.</summary>
public sealed class ScaleOutTests(ScaleOutTests.TwoNodes nodes) : IClassFixture<ScaleOutTests.TwoNodes>
{
    [Fact]
    public async Task PeersOnDifferentNodes_MeetInOneRoom_AndTalk()
    {
        var room = "scale-" + Guid.NewGuid().ToString("N");
        await using var alice = await TestPeer.ConnectAsync(nodes.A.BaseAddress);
        await using var bob = await TestPeer.ConnectAsync(nodes.B.BaseAddress);

        var aliceJoin = await alice.JoinOkAsync(room, "Alice");
        var bobJoin = await bob.JoinOkAsync(room, "Bob");

        Assert.Equal(aliceJoin.PeerId, Assert.Single(bobJoin.Peers).PeerId);
        Assert.Equal(bobJoin.PeerId, (await alice.NextReadyAsync()).PeerId);
        Assert.Null((await alice.DataAsync("offer", bobJoin.PeerId)).Error);
        Assert.Null((await bob.DataAsync("answer", null)).Error);
        var toBob = await bob.NextDataAsync();
        var toAlice = await alice.NextDataAsync();
        Assert.Equal(("offer", aliceJoin.PeerId), (toBob.Payload, toBob.From));
        Assert.Equal(("answer", bobJoin.PeerId), (toAlice.Payload, toAlice.From));
    }

    [Fact]
    public async Task JoinersRacingForTheLastSeatThroughTwoNodes_ExactlyOneGetsIn()
    {
        var room = "race-" + Guid.NewGuid().ToString("N");
        await using var first = await TestPeer.ConnectAsync(nodes.A.BaseAddress);
        await first.JoinOkAsync(room, "First");
        var racers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => TestPeer.ConnectAsync((i % 2 == 0 ? nodes.A : nodes.B).BaseAddress)));
        try
        {
            var results = await Task.WhenAll(racers.Select((r, i) => r.JoinAsync(room, $"Racer {i}")));

            Assert.Equal(1, results.Count(r => r.Error is null));
            Assert.All(results.Where(r => r.Error is not null), r => Assert.Equal("room-full", r.Error!.Code));
        }
        finally
        {
            foreach (var racer in racers)
            {
                await racer.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task SeatHeldThroughNodeB_RelaysOnNodeA_UntilItLeavesOnB()
    {
        await using var bob = await TestPeer.ConnectAsync(nodes.B.BaseAddress);
        var join = await bob.JoinOkAsync("seat-" + Guid.NewGuid().ToString("N"), "Bob");
        using var relayOnA = TurnSeatClient.For(join.IceServers, nodes.A.Turn.UdpPort!.Value);

        Assert.Equal(0, await relayOnA.AllocateAsync());
        await nodes.A.Services.GetRequiredService<SeatRelayGuard>().CheckAsync();
        Assert.Contains(relayOnA.Grant, SeatRelayTests.GrantsInUse(nodes.A));
        Assert.Equal(0, await relayOnA.CreatePermissionAsync());

        Assert.Null((await bob.LeaveAsync()).Error);

        await Eventually.HoldsAsync(
            () => !SeatRelayTests.GrantsInUse(nodes.A).Contains(relayOnA.Grant), "node A to release the relay of a seat that left on node B", TimeSpan.FromSeconds(30));
        Assert.Equal(403, await relayOnA.RefreshAsync());
    }

    /// <summary>A private redis-server and two nodes using it, each with its own HTTP and TURN ports.</summary>
    public sealed class TwoNodes : IAsyncLifetime
    {
        private RedisServer? _redis;

        public ParleyServer A { get; private set; } = null!;

        public ParleyServer B { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _redis = await RedisServer.StartNewAsync();
            // Rooms of two: the race is for the last seat of a one-to-one call.
            string[] settings = ["--Redis:Configuration", _redis.Endpoint, "--Redis:KeyPrefix", "scaleout-test:", "--Signaling:RoomCapacity", "2"];
            A = new ParleyServer(settings);
            B = new ParleyServer(settings);
            await A.InitializeAsync();
            await B.InitializeAsync();
        }

        public async Task DisposeAsync()
        {
            await B.DisposeAsync();
            await A.DisposeAsync();
            if (_redis is not null)
            {
                await _redis.DisposeAsync();
            }
        }
    }
}
