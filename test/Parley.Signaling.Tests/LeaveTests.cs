using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

[Collection(SharedServer.Name)]
public sealed class LeaveTests(SharedServer shared)
{
    private SignalingServer Server => shared.Server;

    [Fact]
    public async Task Leave_TellsTheOtherPeer_FreesTheSeat_AndEndsDataFromTheLeaver()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        await using var carol = await Server.ConnectAsync();

        Assert.Null((await call.Alice.LeaveAsync()).Error);

        Assert.Equal(new PeerInfo(call.AliceId, "Alice"), await call.Bob.NextPeerLeftAsync());
        Assert.Equal("not-joined", (await call.Alice.DataAsync("offer", call.BobId)).Error?.Code);
        var carolJoin = await carol.JoinOkAsync(call.Room, "Carol");
        Assert.Equal(call.BobId, Assert.Single(carolJoin.Peers).PeerId);
    }

    [Fact]
    public async Task AfterLeave_DataIsRefused_AndTheConnectionCanJoinAgain()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        await call.Alice.LeaveAsync();

        Assert.Equal("not-joined", (await call.Alice.DataAsync("offer", call.BobId)).Error?.Code);
        await call.Bob.NextPeerLeftAsync();
        await call.Bob.AssertNoEventsAsync("a peer that left cannot reach the room");
        var again = await call.Alice.JoinOkAsync(call.Room, "Alice");
        Assert.NotEqual(call.AliceId, again.PeerId);
        Assert.Equal(again.PeerId, (await call.Bob.NextReadyAsync()).PeerId);
    }

    [Fact]
    public async Task Disconnect_TellsTheOtherPeerReconnecting_ThenPeerLeftWhenTheRealGracePeriodEnds()
    {
        // The shared server holds a dropped seat for 1 s of real time.
        await using var call = await TwoPeerCall.StartAsync(Server);
        await using var carol = await Server.ConnectAsync();

        await call.Alice.DisposeAsync();
        var dropped = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(new PeerInfo(call.AliceId, "Alice"), await call.Bob.NextPeerReconnectingAsync());
        Assert.Equal("room-full", (await carol.JoinAsync(call.Room, "Carol")).Error?.Code);
        Assert.Equal(new PeerInfo(call.AliceId, "Alice"), await call.Bob.NextPeerLeftAsync());
        Assert.True(dropped.Elapsed >= TimeSpan.FromSeconds(0.9), $"the 1 s grace period ended after {dropped.Elapsed}");
        await carol.JoinOkAsync(call.Room, "Carol");
    }

    [Fact]
    public async Task LastPeerLeaving_RemovesTheRoom_SoTheNextJoinerFindsItEmpty()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        await call.Alice.LeaveAsync();
        await call.Bob.LeaveAsync();

        var again = await call.Alice.JoinOkAsync(call.Room, "Alice");

        Assert.Empty(again.Peers);
    }
}
