using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests.Sockets;

/// <summary>A dropped socket's seat is held for a 20 s grace period, on a fake clock.</summary>
public sealed class SocketReconnectGraceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch.AddYears(56));
    private SignalingServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await SignalingServer.StartAsync(
            services => services.AddSingleton<TimeProvider>(_clock),
            KeyValuePair.Create("Signaling:ReconnectGracePeriod", (string?)"00:00:20"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task DroppedSocket_ResumingOnANewSocketWithinTheGracePeriod_KeepsItsSeatAndPeerId()
    {
        await using var call = await TwoSocketCall.StartAsync(_server);
        await using var carol = await SocketTestClient.ConnectAsync(_server.BaseAddress);
        await call.Alice.DropAsync();
        Assert.Equal(new PeerInfo(call.AliceId, "Alice"), await call.Bob.NextPeerReconnectingAsync());
        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal("room-full", (await carol.JoinAsync(call.Room, "Carol")).Error?.Code);
        await using var back = await SocketTestClient.ConnectAsync(_server.BaseAddress);

        var result = await back.ResumeAsync(call.Room, "Alice", call.AliceToken);

        Assert.Null(result.Error);
        Assert.True(result.Resumed, "the resumer was not told it got its seat back");
        Assert.Equal(call.AliceId, result.PeerId);
        Assert.Equal(new ReadyPeer(call.AliceId, "Alice", Resumed: true), await call.Bob.NextReadyAsync());
        _clock.Advance(TimeSpan.FromSeconds(10));
        await call.Bob.AssertNoEventsAsync("a resumed seat does not expire");
        Assert.Null((await call.Bob.DataAsync("still here", call.AliceId)).Error);
        Assert.Equal("still here", (await back.NextDataAsync()).Payload);
    }

    [Fact]
    public async Task GracePeriodEnding_FreesTheDroppedSocketsSeat_AndTheOthersHearPeerLeft()
    {
        await using var call = await TwoSocketCall.StartAsync(_server);
        await using var carol = await SocketTestClient.ConnectAsync(_server.BaseAddress);
        await call.Alice.DropAsync();
        await call.Bob.NextPeerReconnectingAsync();

        _clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(new PeerInfo(call.AliceId, "Alice"), await call.Bob.NextPeerLeftAsync());
        Assert.Equal(call.BobId, Assert.Single((await carol.JoinOkAsync(call.Room, "Carol")).Peers).PeerId);
    }
}
