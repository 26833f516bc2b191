using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Parley.Signaling.Contracts;
using Parley.Signaling.Redis.Tests.TestUtils;
using Parley.Testing;

namespace Parley.Signaling.Redis.Tests;

/// <summary>
/// The rooms gauge on two hub nodes sharing rooms through Redis: each node counts the rooms its joins opened and its
/// leaves emptied, as the leave script reports them, so the sum over the nodes is the number of rooms in use.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class RoomsGaugeTests(RedisFixture redis) : IAsyncLifetime
{
    private const string Rooms = "parley.signaling.rooms";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly string _prefix = RegistryNode.NewPrefix();
    private SignalingNode _first = null!;
    private SignalingNode _second = null!;
    private RecordedMeasurements _firstGauge = null!;
    private RecordedMeasurements _secondGauge = null!;

    private long RoomsInUse => _firstGauge.Sum(Rooms) + _secondGauge.Sum(Rooms);

    public async Task InitializeAsync()
    {
        _first = await SignalingNode.StartAsync(redis.Server, _prefix, "first");
        _second = await SignalingNode.StartAsync(redis.Server, _prefix, "second");
        _firstGauge = Record(_first);
        _secondGauge = Record(_second);
    }

    public async Task DisposeAsync()
    {
        _firstGauge.Dispose();
        _secondGauge.Dispose();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task TheFirstOfTwoLeaving_KeepsTheRoom_AndTheLastLeaverOnTheOtherNodeDropsIt()
    {
        var (alice, _) = await _first.ConnectAsync();
        var (bob, _) = await _second.ConnectAsync();
        Assert.Null((await alice.InvokeAsync<JoinResult>("Join", "room", "Alice")).Error);
        Assert.Null((await bob.InvokeAsync<JoinResult>("Join", "room", "Bob")).Error);
        Assert.Equal(1, RoomsInUse);

        Assert.Null((await alice.InvokeAsync<SignalingResult>("Leave")).Error);
        Assert.True(RoomsInUse == 1, $"{RoomsInUse} rooms counted with Bob still in the room");

        Assert.Null((await bob.InvokeAsync<SignalingResult>("Leave")).Error);
        Assert.True(RoomsInUse == 0, $"{RoomsInUse} rooms counted after the last leaver");
    }

    [Fact]
    public async Task TheGracePeriodOfTheLastSeatEnding_DropsTheRoom()
    {
        var (alice, _) = await _first.ConnectAsync();
        Assert.Null((await alice.InvokeAsync<JoinResult>("Join", "room", "Alice")).Error);
        Assert.Equal(1, RoomsInUse);

        // The node's grace period is one second of real time.
        await alice.StopAsync();
        await _firstGauge.WaitForSumAsync("parley.signaling.leaves", "reconnect-expired", 1, Patience);

        Assert.True(RoomsInUse == 0, $"{RoomsInUse} rooms counted after the last seat expired");
    }

    private static RecordedMeasurements Record(SignalingNode node) =>
        new(node.Services.GetRequiredService<IMeterFactory>(), SignalingMetrics.MeterName);
}
