using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

[Collection(SharedSignalingServer.Name)]
public sealed class RelayTests(SignalingServer server)
{
    [Fact]
    public async Task DataToPeer_ArrivesStampedWithTheSendersIdAndName()
    {
        await using var call = await TwoPeerCall.StartAsync(server);

        var sent = await call.Alice.DataAsync("""{"description":{"type":"offer","sdp":"v=0"}}""", call.BobId);
        var received = await call.Bob.NextDataAsync();

        Assert.Null(sent.Error);
        Assert.Equal(call.AliceId, received.From);
        Assert.Equal("Alice", received.Username);
        Assert.Equal("""{"description":{"type":"offer","sdp":"v=0"}}""", received.Payload);
        await call.Alice.AssertNoEventsAsync("a sender does not hear its own data");
    }

    [Fact]
    public async Task DataWithoutTarget_ReachesEveryOtherPeerOfTheRoom()
    {
        await using var call = await TwoPeerCall.StartAsync(server);

        Assert.Null((await call.Bob.DataAsync("candidate", to: null)).Error);

        Assert.Equal(call.BobId, (await call.Alice.NextDataAsync()).From);
        await call.Bob.AssertNoEventsAsync("a broadcast skips its sender");
    }

    [Fact]
    public async Task PayloadClaimingAnotherSender_IsStillStampedWithTheRealSender()
    {
        await using var call = await TwoPeerCall.StartAsync(server);
        var forged = $$"""{"from":"{{call.BobId}}","candidate":null}""";

        await call.Alice.DataAsync(forged, call.BobId);
        var received = await call.Bob.NextDataAsync();

        Assert.Equal(call.AliceId, received.From);
        Assert.Equal(forged, received.Payload);
    }

    [Fact]
    public async Task DataToAPeerInAnotherRoom_IsRefusedWithUnknownPeer_AndNotDelivered()
    {
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var other = await TwoPeerCall.StartAsync(server);

        var result = await call.Alice.DataAsync("offer", other.BobId);

        Assert.Equal("unknown-peer", result.Error?.Code);
        await other.Bob.AssertNoEventsAsync("rooms are isolated");
        await other.Alice.AssertNoEventsAsync("rooms are isolated");
    }

    [Fact]
    public async Task BroadcastInOneRoom_NeverReachesAnotherRoom()
    {
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var other = await TwoPeerCall.StartAsync(server);

        await call.Alice.DataAsync("offer", to: null);

        Assert.Equal(call.AliceId, (await call.Bob.NextDataAsync()).From);
        await other.Alice.AssertNoEventsAsync("rooms are isolated");
        await other.Bob.AssertNoEventsAsync("rooms are isolated");
    }

    [Fact]
    public async Task DataToOneself_IsRefusedWithUnknownPeer()
    {
        await using var call = await TwoPeerCall.StartAsync(server);

        Assert.Equal("unknown-peer", (await call.Alice.DataAsync("offer", call.AliceId)).Error?.Code);
        await call.Alice.AssertNoEventsAsync("nothing is relayed back to the sender");
    }

    [Fact]
    public async Task MessagesBetweenTwoPeers_ArriveInOrder()
    {
        await using var call = await TwoPeerCall.StartAsync(server);
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
    public async Task Relay_DeliversLikeData_AndAnswersNothing()
    {
        await using var call = await TwoPeerCall.StartAsync(server);

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
        await using var call = await TwoPeerCall.StartAsync(server);

        await call.Alice.RelayAsync("offer", "no-such-peer");

        var refused = await call.Alice.NextRefusedAsync();
        Assert.Equal(("Relay", "unknown-peer"), (refused.Method, refused.Error.Code));
        await call.Bob.AssertNoEventsAsync("a refused relay reaches no one");
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public async Task RelayOfAnEmptyPayload_IsRefusedWithInvalidPayload(string? payload)
    {
        await using var call = await TwoPeerCall.StartAsync(server);

        await call.Alice.RelayAsync(payload, call.BobId);

        Assert.Equal("invalid-payload", (await call.Alice.NextRefusedAsync()).Error.Code);
        await call.Bob.AssertNoEventsAsync("a refused relay reaches no one");
    }

    [Fact]
    public async Task RelayBeforeJoin_IsRefusedWithNotJoined()
    {
        await using var stranger = await server.ConnectAsync();

        await stranger.RelayAsync("offer", to: null);

        Assert.Equal("not-joined", (await stranger.NextRefusedAsync()).Error.Code);
    }
}
