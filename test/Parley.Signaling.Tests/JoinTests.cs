using System.Net.Http.Json;
using System.Text.Json;
using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

[Collection(SharedServer.Name)]
public sealed class JoinTests(SharedServer shared)
{
    private SignalingServer Server => shared.Server;

    [Fact]
    public async Task FirstPeer_GetsPeerIdTokenNoPeersAndIceServers()
    {
        await using var alice = await Server.ConnectAsync();
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
    public async Task Join_IsAnsweredByTheCallsId_WithTheResultSpelledAsTheProtocolDocuments()
    {
        await using var socket = await RawSocket.ConnectAsync(Server.BaseAddress);

        var answer = await socket.CallAsync(SignalingCalls.Join, TestRooms.Unique(), "Alice");
        var result = answer.GetProperty("result");

        Assert.Equal(1, answer.GetProperty("id").GetInt32());
        Assert.Equal(["id", "result"], PropertyNames(answer));
        Assert.Equal(
            ["capacity", "error", "iceServers", "iceTransportPolicy", "peerId", "peers", "resumeToken", "resumed", "room"],
            PropertyNames(result));
        Assert.Equal(["urls"], PropertyNames(result.GetProperty("iceServers")[0]));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task SecondPeer_SeesFirstPeer_AndFirstPeerGetsReady()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
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
        var clients = await Task.WhenAll(Enumerable.Range(0, 2 * rooms).Select(_ => Server.ConnectAsync()));
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
        await using var call = await TwoPeerCall.StartAsync(Server);
        await using var carol = await Server.ConnectAsync();

        var carolJoin = await carol.JoinAsync(call.Room, "Carol");

        Assert.Equal("room-full", carolJoin.Error?.Code);
        Assert.False(string.IsNullOrWhiteSpace(carolJoin.Error?.Message), "room-full came without a message");
        Assert.Null(carolJoin.PeerId);
        await call.Alice.AssertNoEventsAsync("a refused joiner must not disturb the call");
        await call.Bob.AssertNoEventsAsync("a refused joiner must not disturb the call");
        await call.AssertStillTalkingAsync();
        await carol.JoinOkAsync(TestRooms.Unique(), "Carol");
    }

    [Fact]
    public async Task JoiningTwice_IsRejected_AndTheFirstSeatIsKept()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
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
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = TestRooms.Unique();
        var name = "  " + string.Concat(Enumerable.Repeat("\U0001F600", 32)) + " ";
        await alice.JoinOkAsync(room, name);

        var bobJoin = await bob.JoinOkAsync(room, "Bob");

        Assert.Equal(name.Trim(), Assert.Single(bobJoin.Peers).Username);
    }

    [Fact]
    public async Task IceServersEndpoint_ListsTheStunServersJoinReturns_AndIsNeverCached()
    {
        await using var alice = await Server.ConnectAsync();
        var join = await alice.JoinOkAsync(TestRooms.Unique(), "Alice");
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };

        using var response = await http.GetAsync(new Uri(SignalingEndpoints.IceServersPath, UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<IceServersResponse>();

        response.EnsureSuccessStatusCode();
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.NotNull(body);
        Assert.Equal(join.IceServers.Select(s => s.Urls), body.IceServers.Select(s => s.Urls));
    }

    private static string[] PropertyNames(JsonElement element) =>
        [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
