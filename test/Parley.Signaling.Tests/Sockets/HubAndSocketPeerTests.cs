using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests.Sockets;

/// <summary>The hub and the socket share rooms: a SignalR .NET client and a socket client can call each other.</summary>
[Collection(SharedSignalingServer.Name)]
public sealed class HubAndSocketPeerTests(SignalingServer server)
{
    [Fact]
    public async Task HubPeerAndSocketPeer_InOneRoom_ExchangeReadyAndDataBothWays()
    {
        await using var hubAlice = await server.ConnectAsync();
        await using var socketBob = await SocketTestClient.ConnectAsync(server.BaseAddress);
        var room = TestRooms.Unique();
        var alice = await hubAlice.JoinOkAsync(room, "Alice");

        var bob = await socketBob.JoinOkAsync(room, "Bob");

        Assert.Equal(new PeerInfo(alice.PeerId!, "Alice"), Assert.Single(bob.Peers));
        Assert.Equal(new ReadyPeer(bob.PeerId!, "Bob", Resumed: false), await hubAlice.NextReadyAsync());

        Assert.Null((await hubAlice.DataAsync("offer from the hub", bob.PeerId)).Error);
        Assert.Equal(new DataMessage(alice.PeerId!, "Alice", "offer from the hub"), await socketBob.NextDataAsync());
        Assert.Null((await socketBob.DataAsync("answer from the socket", alice.PeerId)).Error);
        Assert.Equal(new DataMessage(bob.PeerId!, "Bob", "answer from the socket"), await hubAlice.NextDataAsync());

        await hubAlice.RelayAsync("candidate from the hub", to: null);
        await socketBob.RelayAsync("candidate from the socket", alice.PeerId);
        Assert.Equal(new DataMessage(alice.PeerId!, "Alice", "candidate from the hub"), await socketBob.NextDataAsync());
        Assert.Equal(new DataMessage(bob.PeerId!, "Bob", "candidate from the socket"), await hubAlice.NextDataAsync());
    }

    [Fact]
    public async Task SocketPeerLeaving_IsHeardByTheHubPeer_AndAHubPeerDroppingByTheSocketPeer()
    {
        await using var hubAlice = await server.ConnectAsync();
        await using var socketBob = await SocketTestClient.ConnectAsync(server.BaseAddress);
        await using var socketCarol = await SocketTestClient.ConnectAsync(server.BaseAddress);
        var room = TestRooms.Unique();
        var alice = await hubAlice.JoinOkAsync(room, "Alice");
        var bob = await socketBob.JoinOkAsync(room, "Bob");
        await hubAlice.NextReadyAsync();

        Assert.Null((await socketBob.LeaveAsync()).Error);
        Assert.Equal(new PeerInfo(bob.PeerId!, "Bob"), await hubAlice.NextPeerLeftAsync());

        var carol = await socketCarol.JoinOkAsync(room, "Carol");
        Assert.Equal(carol.PeerId, (await hubAlice.NextReadyAsync()).PeerId);
        await hubAlice.StopAsync();
        Assert.Equal(new PeerInfo(alice.PeerId!, "Alice"), await socketCarol.NextPeerReconnectingAsync());
    }
}
