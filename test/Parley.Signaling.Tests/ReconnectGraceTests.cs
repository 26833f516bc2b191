using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

/// <summary>A dropped connection's seat is held for a 20 s grace period, on a fake clock; each test has a server of its own.</summary>
public sealed class ReconnectGraceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch.AddYears(56));
    private SignalingServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await SignalingServer.StartAsync(
            (services, _) => services.AddSingleton<TimeProvider>(_clock),
            KeyValuePair.Create("Signaling:ReconnectGracePeriod", (string?)"00:00:20"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task DroppedConnection_TellsTheOthersPeerReconnecting_AndKeepsTheSeatTaken()
    {
        await using var call = await TwoPeerCall.StartAsync(_server);
        await using var carol = await _server.ConnectAsync();

        await call.Alice.DisposeAsync();

        Assert.Equal(new PeerInfo(call.AliceId, "Alice"), await call.Bob.NextPeerReconnectingAsync());
        _clock.Advance(TimeSpan.FromSeconds(19));
        await call.Bob.AssertNoEventsAsync("the seat is held for the whole grace period");
        Assert.Equal("room-full", (await carol.JoinAsync(call.Room, "Carol")).Error?.Code);
    }

    [Fact]
    public async Task ResumeWithinTheGracePeriod_GetsTheSeatBack_AndTheOthersHearReadyResumed()
    {
        await using var call = await TwoPeerCall.StartAsync(_server);
        await call.Alice.DisposeAsync();
        await call.Bob.NextPeerReconnectingAsync();
        _clock.Advance(TimeSpan.FromSeconds(15));
        await using var back = await _server.ConnectAsync();

        var result = await back.ResumeAsync(call.Room, "Alice", call.AliceToken);

        Assert.Null(result.Error);
        Assert.True(result.Resumed, "the resumer was not told it got its seat back");
        Assert.Equal(call.AliceId, result.PeerId);
        Assert.Equal(new ReadyPeer(call.AliceId, "Alice", Resumed: true), await call.Bob.NextReadyAsync());

        _clock.Advance(TimeSpan.FromSeconds(30));
        await call.Bob.AssertNoEventsAsync("a resumed seat does not expire");
        Assert.Null((await call.Bob.DataAsync("still here", call.AliceId)).Error);
        Assert.Equal("still here", (await back.NextDataAsync()).Payload);
    }

    [Fact]
    public async Task GracePeriodEnding_FreesTheSeat_AndTheOthersHearPeerLeft()
    {
        await using var call = await TwoPeerCall.StartAsync(_server);
        await using var carol = await _server.ConnectAsync();
        await call.Alice.DisposeAsync();
        await call.Bob.NextPeerReconnectingAsync();

        _clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(new PeerInfo(call.AliceId, "Alice"), await call.Bob.NextPeerLeftAsync());
        Assert.Equal(call.BobId, Assert.Single((await carol.JoinOkAsync(call.Room, "Carol")).Peers).PeerId);
    }

    [Fact]
    public async Task ResumeAfterTheGracePeriod_JoinsAsANewPeer_NotResumed()
    {
        await using var call = await TwoPeerCall.StartAsync(_server);
        await call.Alice.DisposeAsync();
        await call.Bob.NextPeerReconnectingAsync();
        _clock.Advance(TimeSpan.FromSeconds(21));
        await call.Bob.NextPeerLeftAsync();
        await using var late = await _server.ConnectAsync();

        var result = await late.ResumeAsync(call.Room, "Alice", call.AliceToken);

        Assert.Null(result.Error);
        Assert.False(result.Resumed, "a freed seat cannot be resumed");
        Assert.NotEqual(call.AliceId, result.PeerId);
        Assert.Equal(new ReadyPeer(result.PeerId!, "Alice", Resumed: false), await call.Bob.NextReadyAsync());
    }

    [Fact]
    public async Task RejoinOfAHeldSeat_TakesItBack_ButTheOthersNegotiateAfresh()
    {
        await using var call = await TwoPeerCall.StartAsync(_server);
        await call.Alice.DisposeAsync();
        await call.Bob.NextPeerReconnectingAsync();
        await using var reloaded = await _server.ConnectAsync();

        var result = await reloaded.RejoinAsync(call.Room, "Alice", call.AliceToken);

        Assert.True(result.Resumed, "the reloaded page was not told it got its seat back");
        Assert.Equal(call.AliceId, result.PeerId);
        Assert.Equal(new ReadyPeer(call.AliceId, "Alice", Resumed: false), await call.Bob.NextReadyAsync());
        _clock.Advance(TimeSpan.FromSeconds(30));
        await call.Bob.AssertNoEventsAsync("a seat taken back does not expire");
    }

    [Fact]
    public async Task Leave_IsNotHeld_TheOthersHearPeerLeftAtOnce()
    {
        await using var call = await TwoPeerCall.StartAsync(_server);
        var open = _server.Services.GetRequiredService<ConnectionRegistry>();

        await call.Alice.LeaveAsync();
        await call.Alice.DisposeAsync();

        Assert.Equal(new PeerInfo(call.AliceId, "Alice"), await call.Bob.NextPeerLeftAsync());
        await Eventually.HoldsAsync(() => open.Count == 1, "the server handling Alice's disconnect");
        await call.Bob.AssertNoEventsAsync("a peer that said goodbye is not reconnecting");
    }

    [Fact]
    public async Task ZeroGracePeriod_FreesADroppedSeatAtOnce()
    {
        await using var server = await SignalingServer.StartAsync(
            KeyValuePair.Create("Signaling:ReconnectGracePeriod", (string?)"00:00:00"));
        await using var call = await TwoPeerCall.StartAsync(server);

        await call.Alice.DisposeAsync();

        Assert.Equal(new PeerInfo(call.AliceId, "Alice"), await call.Bob.NextPeerLeftAsync());
        await call.Bob.AssertNoEventsAsync("without a grace period nobody is reconnecting");
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:10:01")]
    [InlineData("soon")]
    public async Task AnInvalidGracePeriod_StopsTheServerFromStarting(string value)
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var server = await SignalingServer.StartAsync(
                KeyValuePair.Create("Signaling:ReconnectGracePeriod", (string?)value));
        });

        Assert.NotNull(failure);
        Assert.Contains("ReconnectGracePeriod", failure.ToString(), StringComparison.Ordinal);
    }
}
