using System.Diagnostics;
using Parley.Client;
using Parley.Signaling.Redis.Tests.TestUtils;
using Parley.Signaling.Rooms;
using StackExchange.Redis;

namespace Parley.Signaling.Redis.Tests;

/// <summary>Redis killed, frozen and restarted under a registry; each test has its own redis-server.</summary>
public sealed class OutageTests : IAsyncLifetime
{
    // Long enough for a first script upload on a loaded 2-core machine, short enough to prove a fast failure.
    private const int TimeoutMs = 2000;
    private static readonly TimeSpan FailWithin = TimeSpan.FromMilliseconds(TimeoutMs * 2.5);

    private RedisServer _server = null!;
    private RegistryNode _node = null!;
    private ConnectionMultiplexer? _admin;

    private RedisRoomRegistry Registry => _node.Registry;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartNewAsync();
        _node = await RegistryNode.ConnectAsync(_server, RegistryNode.NewPrefix(), timeoutMs: TimeoutMs);
    }

    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        await _node.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task WhileRedisIsDown_CallsFailWithinTheTimeout_AndTheSameRegistryWorksOnceItIsBack()
    {
        var alice = (await Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2))).Member!;

        _server.Kill();

        await AssertFailsFastAsync(async () => await Registry.GetMembersAsync("room"));
        await AssertFailsFastAsync(async () => await Registry.JoinAsync(new JoinRequest("room", "Bob", "c2", null, 2)));
        await AssertFailsFastAsync(async () => await Registry.LeaveAsync(alice));
        await AssertFailsFastAsync(async () => await Registry.HeartbeatAsync());
        await AssertFailsFastAsync(async () => await Registry.ReapDeadNodesAsync());

        await _server.StartAsync();

        // A fresh, empty Redis (nothing was saved): the scripts are sent again and the room starts over.
        var back = await EventuallyAsync(() => Registry.JoinAsync(new JoinRequest("room", "Carol", "c3", null, 2)).AsTask());
        Assert.Equal(JoinStatus.Joined, back.Status);
        Assert.Equal("c3", Assert.Single(await Registry.GetMembersAsync("room")).ConnectionId);
        Assert.Equal(LeaveOutcome.RoomEmptied, await Registry.LeaveAsync(back.Member!));
    }

    [Fact]
    public async Task ALeaveThatFailedWhileRedisWasDown_IsRetriedOnceItIsBack()
    {
        var alice = (await Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2))).Member!;
        var bob = (await Registry.JoinAsync(new JoinRequest("room", "Bob", "c2", null, 2))).Member!;
        await Admin().ExecuteAsync("SAVE");
        _server.Kill();

        await AssertFailsFastAsync(async () => await Registry.LeaveAsync(alice));
        Assert.Equal(1, Registry.PendingReleaseCount);
        await AssertFailsFastAsync(async () => await Registry.RetryPendingReleasesAsync());
        Assert.Equal(1, Registry.PendingReleaseCount);

        // Restarted from the snapshot: Alice's seat is still there until the retry frees it.
        await _server.StartAsync();
        var released = await EventuallyAsync(() => Registry.RetryPendingReleasesAsync().AsTask());

        Assert.Equal(alice, Assert.Single(released));
        Assert.Equal(0, Registry.PendingReleaseCount);
        Assert.Equal([bob.PeerId], (await Registry.GetMembersAsync("room")).Select(m => m.PeerId));
    }

    [Fact]
    public async Task AJoinThatTimedOutAfterTakingASeat_IsReleasedLater_SoNoGhostKeepsTheSeat()
    {
        await Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2));
        await Admin().ExecuteAsync("CLIENT", "PAUSE", "4000", "ALL");

        await AssertFailsFastAsync(async () => await Registry.JoinAsync(new JoinRequest("room", "Bob", "c2", null, 2)));
        Assert.Equal(1, Registry.PendingReleaseCount);

        // Once the pause ends Redis runs the join, unless the client had given up on the connection by then: either
        // way its caller never learnt of the seat, and the retry must leave no ghost holding it. The admin's PING is
        // paused too: its answer says the pause is over.
        await EventuallyAsync(() => Admin().PingAsync());
        var members = await EventuallyAsync(() => Registry.GetMembersAsync("room").AsTask());
        var released = await Registry.RetryPendingReleasesAsync();

        Assert.Equal(members.Where(m => m.ConnectionId == "c2").Select(m => m.PeerId), released.Select(m => m.PeerId));
        Assert.Equal(["c1"], (await Registry.GetMembersAsync("room")).Select(m => m.ConnectionId));
        Assert.Equal(0, Registry.PendingReleaseCount);
    }

    [Fact]
    public async Task WhileRedisIsDown_ACallOnTheSocketFailsWithServerError_AndTheSocketWorksOnceRedisIsBack()
    {
        await using var node = await RedisNode.StartAsync(_server, RegistryNode.NewPrefix(), "node");
        await using var alice = await node.ConnectAsync();

        _server.Kill();
        var failed = await Assert.ThrowsAsync<ParleyCallException>(() => alice.JoinAsync("room", "Alice"));

        Assert.Equal("server-error", failed.Error?.Code);
        await _server.StartAsync();
        var joined = await Eventually.SucceedsAsync(
            () => alice.JoinAsync("room", "Alice"), e => e is ParleyCallException { Error.Code: "server-error" }, TimeSpan.FromSeconds(20));
        Assert.Null(joined.Error);
    }

    private IDatabase Admin()
    {
        _admin ??= ConnectionMultiplexer.Connect($"{_server.Endpoint},allowAdmin=true");
        return _admin.GetDatabase();
    }

    private static async Task AssertFailsFastAsync(Func<Task> call)
    {
        var timing = Stopwatch.StartNew();
        var error = await Assert.ThrowsAnyAsync<Exception>(call);
        Assert.True(error is RedisException or TimeoutException, $"unexpected {error.GetType()}: {error.Message}");
        Assert.True(timing.Elapsed < FailWithin, $"failed after {timing.Elapsed}");
    }

    private static Task<T> EventuallyAsync<T>(Func<Task<T>> call) =>
        Eventually.SucceedsAsync(call, e => e is RedisException or TimeoutException or InvalidOperationException, TimeSpan.FromSeconds(15));
}
