using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

[Collection(SharedSignalingServer.Name)]
public sealed class RejoinTests(SignalingServer server)
{
    [Fact]
    public async Task RejoinWhileTheOldConnectionIsStillSeated_TakesOverTheSeatAndPeerId()
    {
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var reloaded = await server.ConnectAsync();

        // The room is full: Alice's old connection has not been noticed as gone yet.
        var result = await reloaded.RejoinAsync(call.Room, "Alice", call.AliceToken);

        Assert.Null(result.Error);
        Assert.Equal(call.AliceId, result.PeerId);
        Assert.Equal(call.BobId, Assert.Single(result.Peers).PeerId);
        Assert.Equal(call.AliceId, (await call.Bob.NextReadyAsync()).PeerId);
        Assert.Null((await call.Bob.DataAsync("answer", call.AliceId)).Error);
        Assert.Equal(call.BobId, (await reloaded.NextDataAsync()).From);
    }

    [Fact]
    public async Task GhostConnection_LosesItsSeat_AndItsDisconnectDoesNotEndTheCall()
    {
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var reloaded = await server.ConnectAsync();
        await reloaded.RejoinAsync(call.Room, "Alice", call.AliceToken);
        await call.Bob.NextReadyAsync();

        Assert.Equal("not-joined", (await call.Alice.DataAsync("stale offer", to: null)).Error?.Code);
        await call.Alice.StopAsync();

        await call.Bob.AssertNoEventsAsync("the ghost neither speaks for nor removes the rejoined peer");
        Assert.Null((await call.Bob.DataAsync("still here", call.AliceId)).Error);
        Assert.Equal("still here", (await reloaded.NextDataAsync()).Payload);
    }

    [Fact]
    public async Task RejoinAfterTheDropWasNoticed_JoinsAsANewPeer()
    {
        await using var call = await TwoPeerCall.StartAsync(server);
        await call.Alice.StopAsync();
        await call.Bob.NextPeerLeftAsync();
        await using var reloaded = await server.ConnectAsync();

        var result = await reloaded.RejoinAsync(call.Room, "Alice", call.AliceToken);

        Assert.Null(result.Error);
        Assert.NotEqual(call.AliceId, result.PeerId);
        Assert.Equal(result.PeerId, (await call.Bob.NextReadyAsync()).PeerId);
    }

    [Fact]
    public async Task RejoinWithAWrongToken_IntoAFullRoom_IsRefusedWithRoomFull()
    {
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var intruder = await server.ConnectAsync();

        var result = await intruder.RejoinAsync(call.Room, "Mallory", "not-a-token");

        Assert.Equal("room-full", result.Error?.Code);
        await call.Bob.AssertNoEventsAsync("a wrong token changes nothing");
    }

    [Fact]
    public async Task TokenFromAnotherRoom_DoesNotOpenAFullRoom()
    {
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var other = await TwoPeerCall.StartAsync(server);
        await using var intruder = await server.ConnectAsync();

        var result = await intruder.RejoinAsync(call.Room, "Alice", other.AliceToken);

        Assert.Equal("room-full", result.Error?.Code);
    }
}
