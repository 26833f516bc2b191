using System.Net.Http.Json;
using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

[Collection(SharedSignalingServer.Name)]
public sealed class JoinTests(SignalingServer server)
{
    [Fact]
    public async Task FirstPeer_GetsPeerIdTokenNoPeersAndIceServers()
    {
        await using var alice = await server.ConnectAsync();
        var room = TestRooms.Unique();

        var result = await alice.JoinOkAsync(room, "Alice");

        Assert.False(string.IsNullOrEmpty(result.PeerId), "Join returned no peer id");
        Assert.False(string.IsNullOrEmpty(result.ResumeToken), "Join returned no resume token");
        Assert.NotEqual(result.PeerId, result.ResumeToken);
        Assert.Equal(room, result.Room);
        Assert.Equal(2, result.Capacity);
        Assert.Empty(result.Peers);
        Assert.Equal([SignalingServer.StunUrl], Assert.Single(result.IceServers).Urls);
    }

    [Fact]
    public async Task SecondPeer_SeesFirstPeer_AndFirstPeerGetsReady()
    {
        await using var alice = await server.ConnectAsync();
        await using var bob = await server.ConnectAsync();
        var room = TestRooms.Unique();
        var aliceJoin = await alice.JoinOkAsync(room, "Alice");

        var bobJoin = await bob.JoinOkAsync(room, "Bob");

        Assert.Equal(new PeerInfo(aliceJoin.PeerId!, "Alice"), Assert.Single(bobJoin.Peers));
        Assert.Equal(new ReadyPeer(bobJoin.PeerId!, "Bob", Resumed: false), await alice.NextReadyAsync());
        Assert.NotEqual(aliceJoin.PeerId, bobJoin.PeerId);
        await bob.AssertNoEventsAsync("the joiner is not told about its own arrival");
    }

    [Fact]
    public async Task TwoPeersJoiningAtTheSameInstant_LearnOfEachOther()
    {
        const int rooms = 250;
        var clients = await Task.WhenAll(Enumerable.Range(0, 2 * rooms).Select(_ => server.ConnectAsync()));
        try
        {
            var names = Enumerable.Range(0, rooms).Select(_ => TestRooms.Unique()).ToArray();

            var joins = await Task.WhenAll(clients.Select((c, i) => c.JoinOkAsync(names[i / 2], $"Peer {i}")));

            for (var r = 0; r < rooms; r++)
            {
                // Whoever was seated first must be told of the other, by Ready.
                var (first, second) = joins[2 * r].Peers.Count == 0 ? (2 * r, (2 * r) + 1) : ((2 * r) + 1, 2 * r);
                Assert.Equal(joins[second].PeerId, (await clients[first].NextReadyAsync()).PeerId);
            }
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
    public async Task ThirdPeer_IsRejectedWithRoomFull_AndTheCallIsUntouched()
    {
        await using var alice = await server.ConnectAsync();
        await using var bob = await server.ConnectAsync();
        await using var carol = await server.ConnectAsync();
        var room = TestRooms.Unique();
        var aliceJoin = await alice.JoinOkAsync(room, "Alice");
        var bobJoin = await bob.JoinOkAsync(room, "Bob");
        await alice.NextReadyAsync();

        var carolJoin = await carol.JoinAsync(room, "Carol");

        Assert.Equal("room-full", carolJoin.Error?.Code);
        Assert.Null(carolJoin.PeerId);
        await alice.AssertNoEventsAsync("a refused joiner must not disturb the call");
        await bob.AssertNoEventsAsync("a refused joiner must not disturb the call");
        Assert.Null((await alice.DataAsync("offer", bobJoin.PeerId)).Error);
        Assert.Equal(aliceJoin.PeerId, (await bob.NextDataAsync()).From);
        await carol.JoinOkAsync(TestRooms.Unique(), "Carol");
    }

    [Fact]
    public async Task JoiningTwice_IsRejected_AndTheFirstSeatIsKept()
    {
        await using var alice = await server.ConnectAsync();
        await using var bob = await server.ConnectAsync();
        var room = TestRooms.Unique();
        var aliceJoin = await alice.JoinOkAsync(room, "Alice");

        var again = await alice.JoinAsync(TestRooms.Unique(), "Alice");

        Assert.Equal("already-joined", again.Error?.Code);
        var bobJoin = await bob.JoinOkAsync(room, "Bob");
        Assert.Equal(aliceJoin.PeerId, Assert.Single(bobJoin.Peers).PeerId);
    }

    [Fact]
    public async Task Username_IsTrimmed_AndEmojiCountAsOneCharacter()
    {
        await using var alice = await server.ConnectAsync();
        await using var bob = await server.ConnectAsync();
        var room = TestRooms.Unique();
        var name = "  " + string.Concat(Enumerable.Repeat("\U0001F600", 32)) + " ";
        await alice.JoinOkAsync(room, name);

        var bobJoin = await bob.JoinOkAsync(room, "Bob");

        Assert.Equal(name.Trim(), Assert.Single(bobJoin.Peers).Username);
    }

    [Fact]
    public async Task IceServersEndpoint_ReturnsTheListJoinReturns_AndIsNeverCached()
    {
        await using var alice = await server.ConnectAsync();
        var join = await alice.JoinOkAsync(TestRooms.Unique(), "Alice");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync(new Uri(SignalingEndpoints.IceServersPath, UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<IceServersResponse>();

        response.EnsureSuccessStatusCode();
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.NotNull(body);
        Assert.Equal(join.IceServers.Select(s => s.Urls), body.IceServers.Select(s => s.Urls));
    }
}
