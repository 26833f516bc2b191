using Parley.Signaling.Rooms;

namespace Parley.Signaling.Tests;

public sealed class InMemoryRoomRegistryTests
{
    private readonly InMemoryRoomRegistry _registry = new(new ThisNode("test"));

    [Fact]
    public async Task GetSeated_NamesTheSeatsHeldInAnyRoom_ResumedToo_UntilTheyLeave()
    {
        var alice = (await _registry.JoinAsync(new JoinRequest("one", "Alice", "c1", null, 2))).Member!;
        var bob = await _registry.JoinAsync(new JoinRequest("two", "Bob", "c2", null, 2));
        var bobBack = (await _registry.JoinAsync(new JoinRequest("two", "Bob", "c3", bob.ResumeToken, 2))).Member!;

        Assert.Equal(new[] { alice.PeerId, bobBack.PeerId }.Order(), (await _registry.GetSeatedAsync([alice.PeerId, bobBack.PeerId, "never-seated"])).Order());

        await _registry.LeaveAsync(alice);
        await _registry.LeaveAsync(bobBack);

        Assert.Empty(await _registry.GetSeatedAsync([alice.PeerId, bobBack.PeerId]));
    }

    [Fact]
    public async Task ConcurrentJoinsAndLeaves_NeverSeatMoreThanTheCapacity()
    {
        const int capacity = 2;
        var overfull = 0;

        await Parallel.ForAsync(0, 2000, async (i, ct) =>
        {
            var outcome = await _registry.JoinAsync(new JoinRequest("race", $"peer {i}", $"conn {i}", null, capacity), ct);
            if ((await _registry.GetMembersAsync("race", ct)).Count > capacity)
            {
                Interlocked.Increment(ref overfull);
            }

            if (outcome.Member is { } member)
            {
                Assert.True(
                    await _registry.LeaveAsync(member, ct) != LeaveOutcome.NotSeated, $"{member.PeerId} could not leave its own seat");
            }
        });

        Assert.Equal(0, overfull);
        Assert.Empty(await _registry.GetMembersAsync("race"));
    }

    [Fact]
    public async Task Leave_OfTheFirstOfTwo_KeepsTheRoom_AndTheLastLeaverEmptiesIt()
    {
        var alice = (await _registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2))).Member!;
        var bob = (await _registry.JoinAsync(new JoinRequest("room", "Bob", "c2", null, 2))).Member!;

        Assert.True(await _registry.LeaveAsync(alice) == LeaveOutcome.Left, "the first of two leavers did not just leave");
        Assert.True(await _registry.LeaveAsync(alice) == LeaveOutcome.NotSeated, "a second leave freed a seat");
        Assert.True(await _registry.LeaveAsync(bob) == LeaveOutcome.RoomEmptied, "the last leaver did not empty the room");
        Assert.Empty(await _registry.GetMembersAsync("room"));
    }

    [Fact]
    public async Task LeaveByAReplacedConnection_KeepsTheSeat()
    {
        var joined = await _registry.JoinAsync(new JoinRequest("room", "Alice", "old", null, 2));
        var first = joined.Member!;
        var resumed = await _registry.JoinAsync(new JoinRequest("room", "Alice", "new", joined.ResumeToken, 2));

        Assert.Equal(JoinStatus.Resumed, resumed.Status);
        Assert.Equal("old", resumed.ReplacedConnectionId);
        Assert.True(await _registry.LeaveAsync(first) == LeaveOutcome.NotSeated, "the replaced connection freed the seat");
        Assert.Equal("new", Assert.Single(await _registry.GetMembersAsync("room")).ConnectionId);
    }

    [Fact]
    public async Task MarkAway_HoldsTheSeatForItsConnectionOnly_AndAResumeClearsIt()
    {
        var until = DateTimeOffset.UnixEpoch.AddYears(60);
        var joined = await _registry.JoinAsync(new JoinRequest("away", "Alice", "old", null, 2));
        var seat = joined.Member!;

        var away = await _registry.MarkAwayAsync(seat, until);
        var resumed = await _registry.JoinAsync(new JoinRequest("away", "Alice", "new", joined.ResumeToken, 2));

        Assert.Equal(until, away?.AwayUntil);
        Assert.Equal(JoinStatus.Resumed, resumed.Status);
        Assert.False(resumed.Member!.IsAway, "a resumed seat is still marked away");
        Assert.Null(await _registry.MarkAwayAsync(seat, until));
        Assert.True(await _registry.LeaveAsync(seat) == LeaveOutcome.NotSeated, "the expiry of the old connection freed the resumed seat");
        Assert.False(Assert.Single(await _registry.GetMembersAsync("away")).IsAway);
    }
}
