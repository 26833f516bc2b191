using System.Text.Json;
using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests.Sockets;

[Collection(SharedSignalingServer.Name)]
public sealed class SocketJoinTests(SignalingServer server)
{
    [Fact]
    public async Task Join_IsAnsweredByIdWithPeerIdTokenNoPeersAndIceServers()
    {
        await using var alice = await SocketTestClient.ConnectAsync(server.BaseAddress);
        var room = TestRooms.Unique();

        var answer = await alice.CallAsync("Join", room, "Alice");
        var result = answer.GetProperty("result").Deserialize<JoinResult>(SocketTestClient.Json)!;

        Assert.Equal(1, answer.GetProperty("id").GetInt32());
        Assert.Null(result.Error);
        Assert.False(string.IsNullOrEmpty(result.PeerId), $"Join returned no peer id: {answer}");
        Assert.False(string.IsNullOrEmpty(result.ResumeToken), $"Join returned no resume token: {answer}");
        Assert.Equal(room, result.Room);
        Assert.Equal(2, result.Capacity);
        Assert.Empty(result.Peers);
        Assert.Equal([SignalingServer.StunUrl], Assert.Single(result.IceServers).Urls);
    }

    [Fact]
    public async Task JoinResult_SpellsItsPropertiesExactlyAsTheHubDoes()
    {
        await using var socket = await SocketTestClient.ConnectAsync(server.BaseAddress);
        await using var hub = await RawHubClient.ConnectAsync(server);
        await hub.InvokeAsync("1", "Join", TestRooms.Unique(), "Hub");

        var fromSocket = (await socket.CallAsync("Join", TestRooms.Unique(), "Socket")).GetProperty("result");
        var fromHub = (await hub.CompletionAsync("1"))!.Value.GetProperty("result");

        Assert.Equal(PropertyNames(fromHub), PropertyNames(fromSocket));
        Assert.Equal(
            PropertyNames(fromHub.GetProperty("iceServers")[0]), PropertyNames(fromSocket.GetProperty("iceServers")[0]));
    }

    [Fact]
    public async Task SecondPeer_SeesTheFirst_AndTheFirstGetsReady()
    {
        await using var alice = await SocketTestClient.ConnectAsync(server.BaseAddress);
        await using var bob = await SocketTestClient.ConnectAsync(server.BaseAddress);
        var room = TestRooms.Unique();
        var aliceJoin = await alice.JoinOkAsync(room, "Alice");

        var bobJoin = await bob.JoinOkAsync(room, "Bob");

        Assert.Equal(new PeerInfo(aliceJoin.PeerId!, "Alice"), Assert.Single(bobJoin.Peers));
        Assert.Equal(new ReadyPeer(bobJoin.PeerId!, "Bob", Resumed: false), await alice.NextReadyAsync());
        await bob.AssertNoEventsAsync("the joiner is not told about its own arrival");
    }

    [Fact]
    public async Task ThirdPeer_IsRefusedWithRoomFull_AndTheCallIsUntouched()
    {
        await using var call = await TwoSocketCall.StartAsync(server);
        await using var carol = await SocketTestClient.ConnectAsync(server.BaseAddress);

        var carolJoin = await carol.JoinAsync(call.Room, "Carol");

        Assert.Equal("room-full", carolJoin.Error?.Code);
        Assert.False(string.IsNullOrWhiteSpace(carolJoin.Error?.Message), "room-full came without a message");
        Assert.Null(carolJoin.PeerId);
        await call.Alice.AssertNoEventsAsync("a refused joiner must not disturb the call");
        await call.Bob.AssertNoEventsAsync("a refused joiner must not disturb the call");
        await call.AssertStillTalkingAsync();
    }

    private static string[] PropertyNames(JsonElement element) =>
        [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
