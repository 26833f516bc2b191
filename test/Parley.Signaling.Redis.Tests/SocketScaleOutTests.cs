using Parley.Signaling.Redis.Tests.TestUtils;
using Parley.Testing;

namespace Parley.Signaling.Redis.Tests;

/// <summary>Signaling sockets on two Kestrel nodes sharing rooms through Redis; each test has its own redis-server.</summary>
public sealed class SocketScaleOutTests : IAsyncLifetime
{
    private readonly string _prefix = RegistryNode.NewPrefix();
    private RedisServer _redis = null!;
    private SignalingNode _first = null!;
    private SignalingNode _second = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartNewAsync();
        _first = await SignalingNode.StartAsync(_redis, _prefix, "first");
        _second = await SignalingNode.StartAsync(_redis, _prefix, "second");
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task SocketPeersOnTwoNodes_HearEachOthersReadyDataAndLeave_InTheOrderSent()
    {
        await using var alice = await SocketTestClient.ConnectAsync(_first.BaseAddress);
        await using var bob = await SocketTestClient.ConnectAsync(_second.BaseAddress);
        var aliceId = (await alice.JoinOkAsync("room", "Alice")).PeerId!;
        var bobId = (await bob.JoinOkAsync("room", "Bob")).PeerId!;

        Assert.Equal(bobId, (await alice.NextReadyAsync()).PeerId);
        for (var i = 0; i < 50; i++)
        {
            await bob.RelayAsync($"candidate {i}", aliceId);
        }

        for (var i = 0; i < 50; i++)
        {
            var data = await alice.NextDataAsync();
            Assert.Equal((bobId, $"candidate {i}"), (data.From, data.Payload));
        }

        Assert.Null((await alice.DataAsync("answer", bobId)).Error);
        Assert.Equal("answer", (await bob.NextDataAsync()).Payload);
        Assert.Null((await alice.LeaveAsync()).Error);
        Assert.Equal(aliceId, (await bob.NextPeerLeftAsync()).PeerId);
    }

    [Fact]
    public async Task WhileRedisIsDown_ASocketCallFailsWithServerError_AndTheSocketWorksOnceRedisIsBack()
    {
        await using var alice = await SocketTestClient.ConnectAsync(_first.BaseAddress);

        _redis.Kill();
        var failed = await alice.CallAsync("Join", "room", "Alice");

        Assert.Equal("server-error", failed.GetProperty("error").GetProperty("code").GetString());
        await _redis.StartAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var answer = await alice.CallAsync("Join", "room", "Alice");
            if (answer.TryGetProperty("result", out var result))
            {
                Assert.Equal(System.Text.Json.JsonValueKind.Null, result.GetProperty("error").ValueKind);
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the socket's Join still fails after Redis came back: {answer}");
            await Task.Delay(200);
        }
    }
}
