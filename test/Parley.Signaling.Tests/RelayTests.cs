using System.Text.Json;
using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

[Collection(SharedServer.Name)]
public sealed class RelayTests(SharedServer shared)
{
    private SignalingServer Server => shared.Server;

    [Fact]
    public async Task DataToPeer_ArrivesStampedWithTheSendersIdAndName()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);

        var sent = await call.Alice.DataAsync("""{"description":{"type":"offer","sdp":"v=0"}}""", call.BobId);
        var received = await call.Bob.NextDataAsync();

        Assert.Null(sent.Error);
        Assert.Equal(call.AliceId, received.From);
        Assert.Equal("Alice", received.Username);
        Assert.Equal("""{"description":{"type":"offer","sdp":"v=0"}}""", received.Payload);
        await call.Alice.AssertNoEventsAsync("a sender does not hear its own data");
    }

    [Fact]
    public async Task DataAndRelay_ReachOnlyTheAddressedPeer_OfARoomOfThree()
    {
        await using var roomOfThree = await SignalingServer.StartAsync(KeyValuePair.Create("Signaling:RoomCapacity", (string?)"3"));
        await using var alice = await roomOfThree.ConnectAsync();
        await using var bob = await roomOfThree.ConnectAsync();
        await using var carol = await roomOfThree.ConnectAsync();
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
    public async Task DataWithoutTarget_ReachesEveryOtherPeerOfTheRoom_AndNoOtherRoom()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        await using var other = await TwoPeerCall.StartAsync(Server);

        Assert.Null((await call.Bob.DataAsync("candidate", to: null)).Error);

        Assert.Equal(call.BobId, (await call.Alice.NextDataAsync()).From);
        await call.Bob.AssertNoEventsAsync("a broadcast skips its sender");
        await other.Alice.AssertNoEventsAsync("rooms are isolated");
        await other.Bob.AssertNoEventsAsync("rooms are isolated");
    }

    [Fact]
    public async Task PayloadClaimingAnotherSender_IsStillStampedWithTheRealSender()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        var forged = $$"""{"from":"{{call.BobId}}","candidate":null}""";

        await call.Alice.DataAsync(forged, call.BobId);
        var received = await call.Bob.NextDataAsync();

        Assert.Equal(call.AliceId, received.From);
        Assert.Equal(forged, received.Payload);
    }

    [Fact]
    public async Task DataOrRelayToAPeerInAnotherRoom_IsRefusedWithUnknownPeer_AndNotDelivered()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        await using var other = await TwoPeerCall.StartAsync(Server);

        var data = await call.Alice.DataAsync("offer", other.BobId);
        await call.Alice.RelayAsync("offer", other.BobId);

        Assert.Equal("unknown-peer", data.Error?.Code);
        var refused = await call.Alice.NextRefusedAsync();
        Assert.Equal(("Relay", "unknown-peer"), (refused.Method, refused.Error.Code));
        await other.Bob.AssertNoEventsAsync("rooms are isolated");
        await other.Alice.AssertNoEventsAsync("rooms are isolated");
    }

    [Fact]
    public async Task DataToOneself_IsRefusedWithUnknownPeer()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);

        Assert.Equal("unknown-peer", (await call.Alice.DataAsync("offer", call.AliceId)).Error?.Code);
        await call.Alice.AssertNoEventsAsync("nothing is relayed back to the sender");
    }

    [Fact]
    public async Task MessagesBetweenTwoPeers_ArriveInOrder()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        const int count = 50;

        for (var i = 0; i < count; i++)
        {
            Assert.Null((await call.Alice.DataAsync($"candidate {i}", call.BobId)).Error);
        }

        for (var i = 0; i < count; i++)
        {
            Assert.Equal($"candidate {i}", (await call.Bob.NextDataAsync()).Payload);
        }
    }

    [Fact]
    public async Task CallsSentWithoutWaiting_AreAnsweredInCallOrder_AndDeliveredInOrder()
    {
        // A raw socket, to send the calls back to back and see the order the answers come in.
        await using var alice = await RawSocket.ConnectAsync(Server.BaseAddress);
        await using var bob = await Server.ConnectAsync();
        var room = TestRooms.Unique();
        await alice.JoinOkAsync(room, "Alice");
        var bobId = (await bob.JoinOkAsync(room, "Bob")).PeerId!;
        const int count = 50;

        var ids = new List<int>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await alice.SendCallAsync(SignalingCalls.Data, $"candidate {i}", bobId));
        }

        var answers = await Task.WhenAll(ids.Select(alice.AnswerAsync));

        Assert.All(answers, answer => Assert.Equal(JsonValueKind.Null, answer.GetProperty("result").GetProperty("error").ValueKind));
        var order = alice.AnsweredIds.Where(ids.Contains).ToArray();
        Assert.True(order.SequenceEqual(ids), $"answers came out of call order: {string.Join(",", order)}");
        for (var i = 0; i < count; i++)
        {
            Assert.Equal($"candidate {i}", (await bob.NextDataAsync()).Payload);
        }
    }

    [Fact]
    public async Task Relay_DeliversLikeData_AndAnswersNothing()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);

        await call.Alice.RelayAsync("""{"candidate":null}""", call.BobId);
        await call.Bob.RelayAsync("to the room", to: null);

        var atBob = await call.Bob.NextDataAsync();
        Assert.Equal((call.AliceId, "Alice", """{"candidate":null}"""), (atBob.From, atBob.Username, atBob.Payload));
        Assert.Equal(call.BobId, (await call.Alice.NextDataAsync()).From);
        await call.Alice.AssertNoEventsAsync("a relayed payload sends nothing back to its sender");
        await call.Bob.AssertNoEventsAsync("a relayed payload sends nothing back to its sender");
    }

    [Fact]
    public async Task RelayToAnUnknownPeer_IsRefusedWithARefusedEvent_AndNotDelivered()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);

        await call.Alice.RelayAsync("offer", "no-such-peer");

        var refused = await call.Alice.NextRefusedAsync();
        Assert.Equal(("Relay", "unknown-peer"), (refused.Method, refused.Error.Code));
        await call.Bob.AssertNoEventsAsync("a refused relay reaches no one");
    }

    [Fact]
    public async Task RelayBeforeJoin_IsRefusedWithNotJoined()
    {
        await using var stranger = await Server.ConnectAsync();

        await stranger.RelayAsync("offer", to: null);

        var refused = await stranger.NextRefusedAsync();
        Assert.Equal(("Relay", "not-joined"), (refused.Method, refused.Error.Code));
    }
}
