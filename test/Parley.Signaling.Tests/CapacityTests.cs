namespace Parley.Signaling.Tests;

public sealed class CapacityTests
{
    [Fact]
    public async Task ConfiguredCapacity_SeatsThatManyPeers_AndRefusesTheNext()
    {
        await using var server = await SignalingServer.StartAsync(KeyValuePair.Create("Signaling:RoomCapacity", (string?)"3"));
        var room = TestRooms.Unique();
        var clients = new List<TestPeer>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                clients.Add(await server.ConnectAsync());
            }

            for (var i = 0; i < 3; i++)
            {
                var joined = await clients[i].JoinOkAsync(room, $"Peer {i}");
                Assert.Equal(3, joined.Capacity);
                Assert.Equal(i, joined.Peers.Count);
            }

            Assert.Equal("room-full", (await clients[3].JoinAsync(room, "Peer 3")).Error?.Code);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ThirdPeerInALargerRoom_IsAnnouncedToEverySeatedPeer()
    {
        await using var server = await SignalingServer.StartAsync(KeyValuePair.Create("Signaling:RoomCapacity", (string?)"3"));
        var room = TestRooms.Unique();
        await using var first = await server.ConnectAsync();
        await using var second = await server.ConnectAsync();
        await using var third = await server.ConnectAsync();
        await first.JoinOkAsync(room, "First");
        await second.JoinOkAsync(room, "Second");
        Assert.Equal("Second", (await first.NextReadyAsync()).Username);

        var joined = await third.JoinOkAsync(room, "Third");

        var atFirst = await first.NextReadyAsync();
        var atSecond = await second.NextReadyAsync();
        Assert.Equal(joined.PeerId, atFirst.PeerId);
        Assert.Equal(joined.PeerId, atSecond.PeerId);
        Assert.Equal(2, joined.Peers.Count);
        await third.AssertNoEventsAsync("the newcomer learns of the others from its Join result, not from Ready");
    }

    [Fact]
    public async Task PeersRacingForTheLastSeat_ExactlyOneGetsIt()
    {
        await using var server = await SignalingServer.StartAsync();
        var room = TestRooms.Unique();
        await using var first = await server.ConnectAsync();
        await first.JoinOkAsync(room, "First");
        var racers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => server.ConnectAsync()));
        try
        {
            var results = await Task.WhenAll(racers.Select((c, i) => c.JoinAsync(room, $"Racer {i}")));

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
}
