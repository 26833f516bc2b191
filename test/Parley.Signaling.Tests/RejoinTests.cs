using Microsoft.Extensions.DependencyInjection;
using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

[Collection(SharedServer.Name)]
public sealed class RejoinTests(SharedServer shared)
{
    private SignalingServer Server => shared.Server;

    [Fact]
    public async Task RejoinWhileTheOldConnectionIsStillSeated_TakesOverTheSeatAndPeerId_AndTheGhostIsNotJoined()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        await using var reloaded = await Server.ConnectAsync();

        // The room is full: Alice's old connection is still open.
        var result = await reloaded.RejoinAsync(call.Room, "Alice", call.AliceToken);

        Assert.Null(result.Error);
        Assert.True(result.Resumed, "the reloaded page was not told it got its seat back");
        Assert.Equal(call.AliceId, result.PeerId);
        Assert.Equal(call.BobId, Assert.Single(result.Peers).PeerId);
        Assert.Equal(new ReadyPeer(call.AliceId, "Alice", Resumed: false), await call.Bob.NextReadyAsync());
        Assert.Equal("not-joined", (await call.Alice.DataAsync("stale offer", to: null)).Error?.Code);
        Assert.Null((await call.Bob.DataAsync("answer", call.AliceId)).Error);
        Assert.Equal(call.BobId, (await reloaded.NextDataAsync()).From);
    }

    [Fact]
    public async Task GhostConnection_LosesItsSeat_AndItsDisconnectDoesNotEndTheCall()
    {
        // A server of its own: the test waits until that server has handled the ghost's disconnect.
        await using var server = await SignalingServer.StartAsync();
        var open = server.Services.GetRequiredService<ConnectionRegistry>();
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var reloaded = await server.ConnectAsync();
        await reloaded.RejoinAsync(call.Room, "Alice", call.AliceToken);
        await call.Bob.NextReadyAsync();

        await call.Alice.DisposeAsync();
        await Eventually.HoldsAsync(() => open.Count == 2, "the server handling the ghost's disconnect");

        await call.Bob.AssertNoEventsAsync("the ghost neither speaks for nor removes the rejoined peer");
        Assert.Null((await call.Bob.DataAsync("still here", call.AliceId)).Error);
        Assert.Equal("still here", (await reloaded.NextDataAsync()).Payload);
    }

    [Fact]
    public async Task RejoinAfterTheDropWasNoticed_JoinsAsANewPeer()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        await call.Alice.DisposeAsync();
        await call.Bob.NextPeerLeftAsync();
        await using var reloaded = await Server.ConnectAsync();

        var result = await reloaded.RejoinAsync(call.Room, "Alice", call.AliceToken);

        Assert.Null(result.Error);
        Assert.False(result.Resumed, "a freed seat cannot be taken back");
        Assert.NotEqual(call.AliceId, result.PeerId);
        Assert.Equal(result.PeerId, (await call.Bob.NextReadyAsync()).PeerId);
    }

    [Fact]
    public async Task RejoinWithAWrongToken_IntoAFullRoom_IsRefusedWithRoomFull()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        await using var intruder = await Server.ConnectAsync();

        var result = await intruder.RejoinAsync(call.Room, "Mallory", "not-a-token");

        Assert.Equal("room-full", result.Error?.Code);
        await call.Bob.AssertNoEventsAsync("a wrong token changes nothing");
    }

    [Fact]
    public async Task TokenFromAnotherRoom_DoesNotOpenAFullRoom()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        await using var other = await TwoPeerCall.StartAsync(Server);
        await using var intruder = await Server.ConnectAsync();

        var result = await intruder.RejoinAsync(call.Room, "Alice", other.AliceToken);

        Assert.Equal("room-full", result.Error?.Code);
    }
}
