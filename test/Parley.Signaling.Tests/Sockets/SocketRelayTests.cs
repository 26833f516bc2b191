using System.Text.Json;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests.Sockets;

[Collection(SharedSignalingServer.Name)]
public sealed class SocketRelayTests(SignalingServer server)
{
    [Fact]
    public async Task DataAndRelay_ReachOnlyTheAddressedPeer_StampedWithTheSendersIdAndName()
    {
        await using var roomOfThree = await SignalingServer.StartAsync(KeyValuePair.Create("Signaling:RoomCapacity", (string?)"3"));
        await using var alice = await SocketTestClient.ConnectAsync(roomOfThree.BaseAddress);
        await using var bob = await SocketTestClient.ConnectAsync(roomOfThree.BaseAddress);
        await using var carol = await SocketTestClient.ConnectAsync(roomOfThree.BaseAddress);
        var room = TestRooms.Unique();
        var aliceId = (await alice.JoinOkAsync(room, "Alice")).PeerId;
        var bobId = (await bob.JoinOkAsync(room, "Bob")).PeerId;
        var carolId = (await carol.JoinOkAsync(room, "Carol")).PeerId;
        await alice.NextReadyAsync();
        await alice.NextReadyAsync();
        await bob.NextReadyAsync();

        Assert.Null((await alice.DataAsync("""{"description":{"type":"offer","sdp":"v=0"}}""", bobId)).Error);
        await alice.RelayAsync("""{"candidate":null}""", carolId);

        var atBob = await bob.NextDataAsync();
        var atCarol = await carol.NextDataAsync();
        Assert.Equal((aliceId, "Alice", """{"description":{"type":"offer","sdp":"v=0"}}"""), (atBob.From, atBob.Username, atBob.Payload));
        Assert.Equal((aliceId, "Alice", """{"candidate":null}"""), (atCarol.From, atCarol.Username, atCarol.Payload));
        await alice.AssertNoEventsAsync("a sender hears neither its own Data nor an answer to its Relay");
        await bob.AssertNoEventsAsync("the Relay was addressed to Carol only");
        await carol.AssertNoEventsAsync("the Data was addressed to Bob only");
    }

    [Fact]
    public async Task DataWithoutTarget_ReachesTheOtherPeer_AndNoOtherRoom()
    {
        await using var call = await TwoSocketCall.StartAsync(server);
        await using var other = await TwoSocketCall.StartAsync(server);

        Assert.Null((await call.Bob.DataAsync("candidate", to: null)).Error);

        Assert.Equal(call.BobId, (await call.Alice.NextDataAsync()).From);
        await call.Bob.AssertNoEventsAsync("a broadcast skips its sender");
        await other.Alice.AssertNoEventsAsync("rooms are isolated");
        await other.Bob.AssertNoEventsAsync("rooms are isolated");
    }

    [Fact]
    public async Task DataOrRelayToAPeerOfAnotherRoom_IsRefusedWithUnknownPeer_AndNotDelivered()
    {
        await using var call = await TwoSocketCall.StartAsync(server);
        await using var other = await TwoSocketCall.StartAsync(server);

        var data = await call.Alice.DataAsync("offer", other.BobId);
        await call.Alice.RelayAsync("offer", other.BobId);

        Assert.Equal("unknown-peer", data.Error?.Code);
        var refused = await call.Alice.NextRefusedAsync();
        Assert.Equal(("Relay", "unknown-peer"), (refused.Method, refused.Error.Code));
        await other.Bob.AssertNoEventsAsync("rooms are isolated");
    }

    [Fact]
    public async Task CallsSentWithoutWaiting_AreAnsweredInCallOrder_AndDeliveredInOrder()
    {
        await using var call = await TwoSocketCall.StartAsync(server);
        const int count = 50;

        var ids = new List<int>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await call.Alice.SendCallAsync("Data", $"candidate {i}", call.BobId));
        }

        var answers = await Task.WhenAll(ids.Select(call.Alice.AnswerAsync));

        Assert.All(answers, answer => Assert.Equal(JsonValueKind.Null, answer.GetProperty("result").GetProperty("error").ValueKind));
        var order = call.Alice.AnsweredIds.Where(ids.Contains).ToArray();
        Assert.True(order.SequenceEqual(ids), $"answers came out of call order: {string.Join(",", order)}");
        for (var i = 0; i < count; i++)
        {
            Assert.Equal($"candidate {i}", (await call.Bob.NextDataAsync()).Payload);
        }
    }
}
