using System.Net.WebSockets;
using Microsoft.Extensions.Time.Testing;
using Parley.Client.Tests.TestUtils;
using Parley.Signaling.Contracts;

namespace Parley.Client.Tests;

/// <summary>
/// The web app's reconnect behaviour: a dropped connection, or a draining server's <c>Reconnect</c>, and the client is
/// back on a new socket with its seat resumed; the network is a <see cref="TcpLink"/> the test can cut.
/// </summary>
public sealed class ReconnectTests
{
    [Fact]
    public async Task ADroppedConnection_IsReopened_AndTheSeatResumed_SoThePeerKeepsItsPeerConnection()
    {
        await using var server = await SignalingServer.StartAsync(KeyValuePair.Create("Signaling:ReconnectGracePeriod", (string?)"00:00:20"));
        await using var link = new TcpLink(server.BaseAddress);
        await using var alice = await TestPeer.ConnectAsync(link.Address);
        await using var bob = await server.ConnectAsync();
        var room = TestRooms.Unique();
        var aliceJoin = await alice.JoinOkAsync(room, "Alice");
        await bob.JoinOkAsync(room, "Bob");

        link.CutAll();

        var lost = await alice.NextConnectionEventAsync<ReconnectingEvent>();
        var back = await alice.NextConnectionEventAsync<ReconnectedEvent>();
        Assert.Equal(ReconnectReason.ConnectionLost, lost.Reason);
        Assert.True(back.Resume is { Error: null, Resumed: true }, $"the seat was not resumed: {back.Resume}");
        Assert.Equal(aliceJoin.PeerId, back.Resume.PeerId);
        Assert.Equal(new ReadyPeer(aliceJoin.PeerId!, "Alice", Resumed: true), await bob.NextReadyAsync());
        Assert.Equal(ParleyConnectionState.Open, alice.Client.State);
        Assert.Equal(aliceJoin.PeerId, alice.Client.Seat?.PeerId);
        Assert.Null((await bob.DataAsync("still here", aliceJoin.PeerId)).Error);
        Assert.Equal("still here", (await alice.NextDataAsync()).Payload);
    }

    [Fact]
    public async Task ACallPendingWhenTheConnectionDrops_Fails_AndTheNextOneGoesThroughTheNewConnection()
    {
        await using var server = await SignalingServer.StartAsync();
        await using var link = new TcpLink(server.BaseAddress);
        await using var alice = await TestPeer.ConnectAsync(link.Address);
        await alice.JoinOkAsync(TestRooms.Unique(), "Alice");

        link.Hold();
        var pending = alice.Client.DataAsync("never answered");
        link.CutAll();
        link.Release();

        var failure = await Assert.ThrowsAsync<ParleyConnectionException>(() => pending.WaitAsync(TestPeer.Timeout));
        Assert.Contains("before Data was answered", failure.Message, StringComparison.Ordinal);
        await alice.NextConnectionEventAsync<ReconnectingEvent>();
        await alice.NextConnectionEventAsync<ReconnectedEvent>();
        Assert.Null((await alice.DataAsync("answered")).Error);
    }

    [Fact]
    public async Task AfterAReconnect_TheClientUnlocksAgain_AndResumesItsSeatInTheLockedRoom()
    {
        await using var server = await SignalingServer.StartAsync(KeyValuePair.Create("Signaling:ReconnectGracePeriod", (string?)"00:00:20"));
        await using var link = new TcpLink(server.BaseAddress);
        await using var alice = await TestPeer.ConnectAsync(link.Address);
        await using var bob = await server.ConnectAsync();
        var room = TestRooms.Unique();
        await alice.UnlockAsync("correct horse");
        await bob.UnlockAsync("correct horse");
        var aliceJoin = await alice.JoinOkAsync(room, "Alice");
        await bob.JoinOkAsync(room, "Bob");

        link.CutAll();

        await alice.NextConnectionEventAsync<ReconnectingEvent>();
        var back = await alice.NextConnectionEventAsync<ReconnectedEvent>();
        Assert.True(back.Resume is { Resumed: true }, $"the locked room's seat was not resumed: {back.Resume}");
        Assert.Equal(new ReadyPeer(aliceJoin.PeerId!, "Alice", Resumed: true), await bob.NextReadyAsync());
    }

    [Fact]
    public async Task ADrainingServer_SendsItsClientsToAnotherNode_WhereBothResumeTheirSeats()
    {
        await using var redis = await RedisServer.StartNewAsync();
        var prefix = $"t{Guid.NewGuid():N}"[..13] + ":";
        await using var first = await RedisNode.StartAsync(redis, prefix, "first", settings: KeyValuePair.Create("Signaling:DrainTimeout", (string?)"00:00:10"));
        await using var second = await RedisNode.StartAsync(redis, prefix, "second");
        await using var balancer = new TcpLink(first.BaseAddress);
        await using var alice = await TestPeer.ConnectAsync(balancer.Address);
        await using var bob = await TestPeer.ConnectAsync(balancer.Address);
        var room = TestRooms.Unique();
        var aliceJoin = await alice.JoinOkAsync(room, "Alice");
        var bobJoin = await bob.JoinOkAsync(room, "Bob");

        // The balancer takes the first node out, as its readiness turns 503; the node drains.
        balancer.Target = second.BaseAddress;
        await first.StopAsync().WaitAsync(TestPeer.Timeout);

        foreach (var (peer, joined) in new[] { (alice, aliceJoin), (bob, bobJoin) })
        {
            Assert.Equal(ReconnectReason.ServerRequested, (await peer.NextConnectionEventAsync<ReconnectingEvent>()).Reason);
            var back = await peer.NextConnectionEventAsync<ReconnectedEvent>();
            Assert.True(back.Resume is { Resumed: true }, $"the seat was not resumed on the second node: {back.Resume}");
            Assert.Equal(joined.PeerId, back.Resume.PeerId);
        }

        Assert.Null((await alice.DataAsync("from the second node", bobJoin.PeerId)).Error);
        Assert.Equal("from the second node", (await bob.NextDataAsync()).Payload);
    }

    [Fact]
    public async Task AServerGoneForGood_IsRetriedOnTheSchedule_AndGivenUpAfter120Seconds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var server = await SignalingServer.StartAsync();
        await using var link = new TcpLink(server.BaseAddress);
        await using var alice = await TestPeer.ConnectAsync(link.Address, new ParleyClientOptions { TimeProvider = clock });
        await alice.JoinOkAsync(TestRooms.Unique(), "Alice");

        await server.StopAsync();
        await alice.NextConnectionEventAsync<ReconnectingEvent>();
        var gaveUp = Task.Run(() => alice.NextConnectionEventAsync<ClosedEvent>());
        await Eventually.HoldsAsync(
            () =>
            {
                clock.Advance(TimeSpan.FromSeconds(3));
                return gaveUp.IsCompleted;
            },
            "the client giving up");

        var closed = await gaveUp;
        Assert.Null(closed.CloseStatus);
        Assert.Contains("120", closed.Detail, StringComparison.Ordinal);
        Assert.Equal(ParleyConnectionState.Closed, alice.Client.State);
        Assert.True(clock.GetUtcNow() - DateTimeOffset.UnixEpoch.AddYears(56) >= ReconnectSchedule.GiveUpAfter, "gave up before 120 s had passed");
    }

    [Fact]
    public async Task AClientTheServerClosesForWhatItSent_IsNotReconnected()
    {
        await using var server = await SignalingServer.StartAsync(
            KeyValuePair.Create("Signaling:Abuse:DataPerConnection:Burst", (string?)"1"),
            KeyValuePair.Create("Signaling:Abuse:DataPerConnection:PerSecond", (string?)"0.01"),
            KeyValuePair.Create("Signaling:Abuse:CloseAfterConsecutiveRefusals", (string?)"3"));
        await using var alice = await server.ConnectAsync();
        await alice.JoinOkAsync(TestRooms.Unique(), "Alice");

        try
        {
            for (var i = 0; i < 10 && alice.Client.State == ParleyConnectionState.Open; i++)
            {
                await alice.Client.RelayAsync("flood");
            }
        }
        catch (ParleyConnectionException)
        {
            // Closed between the check and the send.
        }

        var closed = await alice.NextConnectionEventAsync<ClosedEvent>();
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, closed.CloseStatus);
        Assert.Equal(ParleyConnectionState.Closed, alice.Client.State);
        await Assert.ThrowsAsync<ParleyConnectionException>(() => alice.Client.DataAsync("after"));
    }
}
