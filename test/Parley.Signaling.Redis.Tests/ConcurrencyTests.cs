using Parley.Signaling.Redis.Tests.TestUtils;
using Parley.Signaling.Rooms;

namespace Parley.Signaling.Redis.Tests;

/// <summary>Two nodes, each with its own connection, racing over the same rooms.</summary>
[Collection(RedisServerGroup.Name)]
public sealed class ConcurrencyTests(RedisFixture redis) : IAsyncLifetime
{
    private readonly string _prefix = RegistryNode.NewPrefix();
    private RegistryNode _a = null!;
    private RegistryNode _b = null!;

    public async Task InitializeAsync()
    {
        _a = await RegistryNode.ConnectAsync(redis.Server, _prefix, "a");
        _b = await RegistryNode.ConnectAsync(redis.Server, _prefix, "b");
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task EightJoinersOnTwoNodesRacingForTheLastSeat_ExactlyOneWins()
    {
        for (var round = 0; round < 20; round++)
        {
            var room = $"race-{round}";
            await _a.Registry.JoinAsync(new JoinRequest(room, "host", "host", null, 2));
            using var start = new ManualResetEventSlim();

            var joins = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                start.Wait();
                var node = i % 2 == 0 ? _a : _b;
                return await node.Registry.JoinAsync(new JoinRequest(room, $"peer {i}", $"conn {i}", null, 2));
            })).ToArray();
            start.Set();
            var outcomes = await Task.WhenAll(joins);

            Assert.Single(outcomes, o => o.Status == JoinStatus.Joined);
            Assert.Equal(7, outcomes.Count(o => o.Status == JoinStatus.RoomFull));
            Assert.Equal(2, (await _b.Registry.GetMembersAsync(room)).Count);
        }
    }

    [Fact]
    public async Task ManyParallelJoinsAndLeavesOnTwoNodes_NeverSeatMoreThanTheCapacity()
    {
        const int capacity = 3;
        var overfull = 0;
        var joined = 0;

        await Parallel.ForAsync(0, 600, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var node = i % 2 == 0 ? _a : _b;
            var outcome = await node.Registry.JoinAsync(new JoinRequest("stress", $"peer {i}", $"conn {i}", null, capacity), ct);
            if ((await node.Registry.GetMembersAsync("stress", ct)).Count > capacity)
            {
                Interlocked.Increment(ref overfull);
            }

            if (outcome.Member is { } member)
            {
                Interlocked.Increment(ref joined);
                Assert.True(outcome.Others.Count < capacity);

                // Leave through the other node half the time: a seat is not tied to the node that gave it.
                var leaver = i % 4 < 2 ? _a : _b;
                Assert.True(
                    await leaver.Registry.LeaveAsync(member, ct) != LeaveOutcome.NotSeated, $"{member.PeerId} could not leave its own seat");
            }
        });

        Assert.Equal(0, overfull);
        Assert.True(joined >= capacity, $"only {joined} joins succeeded");
        Assert.Empty(await _a.Registry.GetMembersAsync("stress"));
        var left = await redis.KeysAsync(_prefix);
        Assert.DoesNotContain($"{_prefix}room:stress", left);
        Assert.DoesNotContain(left, k => k.EndsWith(":seats", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ParallelResumesOfOneSeat_HandItOnAsAChain()
    {
        var aliceJoin = await _a.Registry.JoinAsync(new JoinRequest("room", "Alice", "original", null, 2));
        var alice = aliceJoin.Member!;
        await _a.Registry.JoinAsync(new JoinRequest("room", "Bob", "bob", null, 2));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var node = i % 2 == 0 ? _a : _b;
            return await node.Registry.JoinAsync(new JoinRequest("room", "Alice", $"tab {i}", aliceJoin.ResumeToken, 2));
        })));

        Assert.All(outcomes, o => Assert.Equal(JoinStatus.Resumed, o.Status));
        Assert.All(outcomes, o => Assert.Equal(alice.PeerId, o.Member!.PeerId));

        // Each takeover replaced exactly the connection before it: every connection was replaced once, but the last.
        var replaced = outcomes.Select(o => o.ReplacedConnectionId!).ToList();
        var holder = (await _a.Registry.GetMembersAsync("room")).Single(m => m.PeerId == alice.PeerId).ConnectionId;
        Assert.Equal(8, replaced.Distinct().Count());
        Assert.Equal(
            Enumerable.Range(0, 8).Select(i => $"tab {i}").Append("original").Order(StringComparer.Ordinal),
            replaced.Append(holder).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await _b.Registry.GetMembersAsync("room")).Count);
    }
}
