using Microsoft.AspNetCore.SignalR.Client;
using Parley.Server.Tests.TestUtils;
using Parley.Signaling.Contracts;

namespace Parley.Server.Tests;

/// <summary>Two Parley nodes sharing one real redis-server: rooms, seats and messages span the nodes.</summary>
public sealed class ScaleOutTests(ScaleOutTests.TwoNodes nodes) : IClassFixture<ScaleOutTests.TwoNodes>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task PeersOnDifferentNodes_MeetInOneRoom_AndTalk()
    {
        var room = "scale-" + Guid.NewGuid().ToString("N");
        await using var alice = await ConnectAsync(nodes.A);
        await using var bob = await ConnectAsync(nodes.B);
        var ready = new TaskCompletionSource<PeerInfo>();
        var toBob = new TaskCompletionSource<DataMessage>();
        var toAlice = new TaskCompletionSource<DataMessage>();
        alice.On<PeerInfo>("Ready", p => ready.TrySetResult(p));
        alice.On<DataMessage>("Data", m => toAlice.TrySetResult(m));
        bob.On<DataMessage>("Data", m => toBob.TrySetResult(m));

        var aliceJoin = await alice.InvokeAsync<JoinResult>("Join", room, "Alice");
        var bobJoin = await bob.InvokeAsync<JoinResult>("Join", room, "Bob");

        Assert.Null(bobJoin.Error);
        Assert.Equal(aliceJoin.PeerId, Assert.Single(bobJoin.Peers).PeerId);
        Assert.Equal(bobJoin.PeerId, (await ready.Task.WaitAsync(Timeout)).PeerId);
        Assert.Null((await alice.InvokeAsync<SignalingResult>("Data", "offer", bobJoin.PeerId)).Error);
        Assert.Null((await bob.InvokeAsync<SignalingResult>("Data", "answer", null)).Error);
        Assert.Equal(("offer", aliceJoin.PeerId), ((await toBob.Task.WaitAsync(Timeout)).Payload, (await toBob.Task).From));
        Assert.Equal(("answer", bobJoin.PeerId), ((await toAlice.Task.WaitAsync(Timeout)).Payload, (await toAlice.Task).From));
    }

    [Fact]
    public async Task JoinersRacingForTheLastSeatThroughTwoNodes_ExactlyOneGetsIn()
    {
        var room = "race-" + Guid.NewGuid().ToString("N");
        await using var first = await ConnectAsync(nodes.A);
        Assert.Null((await first.InvokeAsync<JoinResult>("Join", room, "First")).Error);
        var racers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => ConnectAsync(i % 2 == 0 ? nodes.A : nodes.B)));
        try
        {
            var results = await Task.WhenAll(racers.Select((r, i) => r.InvokeAsync<JoinResult>("Join", room, $"Racer {i}")));

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

    private static async Task<HubConnection> ConnectAsync(ParleyServer node)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(node.BaseAddress, "/hubs/signaling")).Build();
        await connection.StartAsync().WaitAsync(Timeout);
        return connection;
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
