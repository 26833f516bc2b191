using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests.Sockets;

[Collection(SharedSignalingServer.Name)]
public sealed class SocketLeaveAndRejoinTests(SignalingServer server)
{
    [Fact]
    public async Task Leave_TellsTheOtherPeerPeerLeft_FreesTheSeat_AndEndsDataFromTheLeaver()
    {
        await using var call = await TwoSocketCall.StartAsync(server);
        await using var carol = await SocketTestClient.ConnectAsync(server.BaseAddress);

        Assert.Null((await call.Alice.LeaveAsync()).Error);

        Assert.Equal(new PeerInfo(call.AliceId, "Alice"), await call.Bob.NextPeerLeftAsync());
        Assert.Equal("not-joined", (await call.Alice.DataAsync("offer", call.BobId)).Error?.Code);
        var carolJoin = await carol.JoinOkAsync(call.Room, "Carol");
        Assert.Equal(call.BobId, Assert.Single(carolJoin.Peers).PeerId);
    }

    [Fact]
    public async Task DroppedSocket_TellsTheOtherPeerReconnecting_ThenPeerLeftWhenTheGracePeriodEnds()
    {
        // The shared server holds a dropped seat for 1 s.
        await using var call = await TwoSocketCall.StartAsync(server);
        await using var carol = await SocketTestClient.ConnectAsync(server.BaseAddress);

        await call.Alice.DropAsync();

        Assert.Equal(new PeerInfo(call.AliceId, "Alice"), await call.Bob.NextPeerReconnectingAsync());
        Assert.Equal(new PeerInfo(call.AliceId, "Alice"), await call.Bob.NextPeerLeftAsync());
        await carol.JoinOkAsync(call.Room, "Carol");
    }

    [Fact]
    public async Task RejoinWhileTheOldSocketIsStillSeated_TakesOverTheSeat_AndTheGhostIsNotJoined()
    {
        await using var call = await TwoSocketCall.StartAsync(server);
        await using var reloaded = await SocketTestClient.ConnectAsync(server.BaseAddress);

        var result = await reloaded.RejoinAsync(call.Room, "Alice", call.AliceToken);

        Assert.Null(result.Error);
        Assert.True(result.Resumed, "the reloaded page was not told it got its seat back");
        Assert.Equal(call.AliceId, result.PeerId);
        Assert.Equal(new ReadyPeer(call.AliceId, "Alice", Resumed: false), await call.Bob.NextReadyAsync());
        Assert.Equal("not-joined", (await call.Alice.DataAsync("stale offer", to: null)).Error?.Code);
        Assert.Null((await call.Bob.DataAsync("answer", call.AliceId)).Error);
        Assert.Equal(call.BobId, (await reloaded.NextDataAsync()).From);
    }
}
