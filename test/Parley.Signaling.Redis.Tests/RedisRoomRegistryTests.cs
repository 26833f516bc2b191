using Parley.Signaling.Redis.Tests.TestUtils;
using Parley.Signaling.Rooms;
using StackExchange.Redis;

namespace Parley.Signaling.Redis.Tests;

/// <summary>The behaviours <see cref="InMemoryRoomRegistry"/> has, on Redis.</summary>
[Collection(RedisServerGroup.Name)]
public sealed class RedisRoomRegistryTests(RedisFixture redis) : IAsyncLifetime
{
    private readonly string _prefix = RegistryNode.NewPrefix();
    private RegistryNode _node = null!;

    private RedisRoomRegistry Registry => _node.Registry;

    public async Task InitializeAsync() => _node = await RegistryNode.ConnectAsync(redis.Server, _prefix);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Join_SeatsPeersWithFreshIds_AndListsTheOthersOldestFirst()
    {
        var alice = await Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 3));
        var bob = await Registry.JoinAsync(new JoinRequest("room", "Bob", "c2", null, 3));
        var carol = await Registry.JoinAsync(new JoinRequest("room", "Carol", "c3", null, 3));

        Assert.All([alice, bob, carol], o => Assert.Equal(JoinStatus.Joined, o.Status));
        Assert.All([alice, bob, carol], o => Assert.Null(o.ReplacedConnectionId));
        Assert.Equal(3, new[] { alice, bob, carol }.Select(o => o.Member!.PeerId).Distinct().Count());
        Assert.Equal(3, new[] { alice, bob, carol }.Select(o => o.ResumeToken).Distinct().Count());
        Assert.All([alice, bob, carol], o => Assert.True(o.ResumeToken!.Length >= 40));
        Assert.Equal(new RoomMember("room", carol.Member!.PeerId, "Carol", "c3", Registry.NodeId), carol.Member);

        Assert.Empty(alice.Others);
        Assert.Equal([alice.Member!.PeerId], bob.Others.Select(m => m.PeerId));
        Assert.Equal([alice.Member.PeerId, bob.Member!.PeerId], carol.Others.Select(m => m.PeerId));
        Assert.Equal(["Alice", "Bob"], carol.Others.Select(m => m.Username));

        var members = await Registry.GetMembersAsync("room");
        Assert.Equal(["c1", "c2", "c3"], members.Select(m => m.ConnectionId));
        Assert.Equal([alice.Member.PeerId, bob.Member.PeerId, carol.Member.PeerId], members.Select(m => m.PeerId));
        Assert.All(members, m => Assert.Equal("room", m.Room));
    }

    [Fact]
    public async Task GetSeated_NamesTheSeatsHeldInAnyRoom_AwayOrResumed_UntilTheyLeave()
    {
        var alice = (await Registry.JoinAsync(new JoinRequest("one", "Alice", "c1", null, 2))).Member!;
        var bob = await Registry.JoinAsync(new JoinRequest("two", "Bob", "c2", null, 2));
        await Registry.MarkAwayAsync(bob.Member!, DateTimeOffset.UtcNow.AddMinutes(1));
        var bobBack = (await Registry.JoinAsync(new JoinRequest("two", "Bob", "c3", bob.ResumeToken, 2))).Member!;

        Assert.Equal(new[] { alice.PeerId, bobBack.PeerId }.Order(), (await Registry.GetSeatedAsync([alice.PeerId, bobBack.PeerId, "never-seated"])).Order());

        await Registry.LeaveAsync(alice);
        await Registry.LeaveAsync(bobBack);

        Assert.Empty(await Registry.GetSeatedAsync([alice.PeerId, bobBack.PeerId]));
        Assert.Empty(await Registry.GetSeatedAsync([]));
    }

    [Fact]
    public async Task Join_WhenTheRoomIsFull_ReturnsRoomFullAndChangesNothing()
    {
        await Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2));
        await Registry.JoinAsync(new JoinRequest("room", "Bob", "c2", null, 2));

        var third = await Registry.JoinAsync(new JoinRequest("room", "Carol", "c3", null, 2));

        Assert.Same(JoinOutcome.Full, third);
        Assert.Equal(["c1", "c2"], (await Registry.GetMembersAsync("room")).Select(m => m.ConnectionId));
    }

    [Fact]
    public async Task Rejoin_WithTheResumeToken_TakesOverTheSeatOfAFullRoom()
    {
        var aliceJoin = await Registry.JoinAsync(new JoinRequest("room", "Alice", "old", null, 2));
        var alice = aliceJoin.Member!;
        var bob = (await Registry.JoinAsync(new JoinRequest("room", "Bob", "c2", null, 2))).Member!;

        var resumed = await Registry.JoinAsync(new JoinRequest("room", "Alice 2", "new", aliceJoin.ResumeToken, 2));

        Assert.Equal(JoinStatus.Resumed, resumed.Status);
        Assert.Equal("old", resumed.ReplacedConnectionId);
        Assert.Equal(aliceJoin.ResumeToken, resumed.ResumeToken);
        Assert.Equal(new RoomMember("room", alice.PeerId, "Alice 2", "new", Registry.NodeId), resumed.Member);
        Assert.Equal([bob.PeerId], resumed.Others.Select(m => m.PeerId));

        var members = await Registry.GetMembersAsync("room");
        Assert.Equal([(alice.PeerId, "new", "Alice 2"), (bob.PeerId, "c2", "Bob")], members.Select(m => (m.PeerId, m.ConnectionId, m.Username)));
    }

    [Fact]
    public async Task Rejoin_WithAnUnknownToken_BehavesLikeJoin()
    {
        await Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2));

        var stranger = await Registry.JoinAsync(new JoinRequest("room", "Mallory", "c2", PeerIdentity.NewResumeToken(), 2));
        var full = await Registry.JoinAsync(new JoinRequest("room", "Eve", "c3", "", 2));

        Assert.Equal(JoinStatus.Joined, stranger.Status);
        Assert.Null(stranger.ReplacedConnectionId);
        Assert.Equal(JoinStatus.RoomFull, full.Status);
    }

    [Fact]
    public async Task ATokenFromAnotherRoom_DoesNotResume()
    {
        var aliceJoin = await Registry.JoinAsync(new JoinRequest("first", "Alice", "c1", null, 2));
        var alice = aliceJoin.Member!;

        var elsewhere = await Registry.JoinAsync(new JoinRequest("second", "Alice", "c2", aliceJoin.ResumeToken, 2));

        Assert.Equal(JoinStatus.Joined, elsewhere.Status);
        Assert.NotEqual(alice.PeerId, elsewhere.Member!.PeerId);
        Assert.Equal("c1", Assert.Single(await Registry.GetMembersAsync("first")).ConnectionId);
    }

    [Fact]
    public async Task LeaveByAReplacedConnection_KeepsTheSeat()
    {
        var joined = await Registry.JoinAsync(new JoinRequest("room", "Alice", "old", null, 2));
        var first = joined.Member!;
        var resumed = await Registry.JoinAsync(new JoinRequest("room", "Alice", "new", joined.ResumeToken, 2));

        Assert.Equal(JoinStatus.Resumed, resumed.Status);
        Assert.True(await Registry.LeaveAsync(first) == LeaveOutcome.NotSeated, "the replaced connection freed the seat");
        Assert.Equal("new", Assert.Single(await Registry.GetMembersAsync("room")).ConnectionId);
        Assert.Equal(LeaveOutcome.RoomEmptied, await Registry.LeaveAsync(resumed.Member!));
    }

    [Fact]
    public async Task Leave_FreesTheSeatOnce_AndTheLastLeaveEmptiesTheRoomAndRemovesItsKeys()
    {
        var alice = (await Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2))).Member!;
        var bob = (await Registry.JoinAsync(new JoinRequest("room", "Bob", "c2", null, 2))).Member!;

        Assert.True(await Registry.LeaveAsync(alice) == LeaveOutcome.Left, "the first of two leavers did not just leave");
        Assert.True(await Registry.LeaveAsync(alice) == LeaveOutcome.NotSeated, "a second leave freed a seat");
        Assert.Equal([bob.PeerId], (await Registry.GetMembersAsync("room")).Select(m => m.PeerId));
        Assert.Equal(JoinStatus.Joined, (await Registry.JoinAsync(new JoinRequest("room", "Carol", "c3", null, 2))).Status);

        var members = await Registry.GetMembersAsync("room");
        Assert.True(await Registry.LeaveAsync(members[0]) == LeaveOutcome.Left, "the room emptied with a member left in it");
        Assert.True(await Registry.LeaveAsync(members[1]) == LeaveOutcome.RoomEmptied, "the last leaver did not empty the room");

        Assert.Empty(await Registry.GetMembersAsync("room"));
        var left = await redis.KeysAsync(_prefix);
        Assert.DoesNotContain($"{_prefix}room:room", left);
        Assert.DoesNotContain(left, k => k.EndsWith(":seats", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Leave_OfAnUnknownRoomOrPeer_ReturnsFalse()
    {
        var alice = (await Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2))).Member!;

        Assert.Equal(LeaveOutcome.NotSeated, await Registry.LeaveAsync(alice with { Room = "elsewhere" }));
        Assert.Equal(LeaveOutcome.NotSeated, await Registry.LeaveAsync(alice with { PeerId = PeerIdentity.NewPeerId() }));
        Assert.Single(await Registry.GetMembersAsync("room"));
    }

    [Fact]
    public async Task GetMembers_OfAnUnknownRoom_IsEmpty() => Assert.Empty(await Registry.GetMembersAsync("nobody-here"));

    [Fact]
    public async Task TheResumeToken_IsStoredOnlyAsItsHash_AndNeverHandedToOthers()
    {
        var token = (await Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2))).ResumeToken!;
        await Registry.JoinAsync(new JoinRequest("room", "Bob", "c2", null, 2));

        var stored = await redis.Admin.GetDatabase().HashValuesAsync($"{_prefix}room:room");
        Assert.Equal(2, stored.Length);
        Assert.DoesNotContain(stored, v => v.ToString().Contains(token, StringComparison.Ordinal));
        Assert.Contains(stored, v => v.ToString().Contains(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))),
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnicodeAndJsonSpecialUsernames_SurviveJoinAndResume()
    {
        const string first = "Zoë \"🙂\" \\ / <b>";
        const string second = "Ⅻ 名前 \u00e9\u0301";
        var token = (await Registry.JoinAsync(new JoinRequest("room", first, "c1", null, 2))).ResumeToken;
        Assert.Equal(first, Assert.Single(await Registry.GetMembersAsync("room")).Username);

        var resumed = await Registry.JoinAsync(new JoinRequest("room", second, "c2", token, 2));

        Assert.Equal(second, resumed.Member!.Username);
        Assert.Equal(second, Assert.Single(await Registry.GetMembersAsync("room")).Username);
    }

    [Fact]
    public async Task KeyPrefixes_KeepDeploymentsApart()
    {
        await using var other = await RegistryNode.ConnectAsync(redis.Server, RegistryNode.NewPrefix());
        await Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 1));

        var elsewhere = await other.Registry.JoinAsync(new JoinRequest("room", "Bob", "c2", null, 1));

        Assert.Equal(JoinStatus.Joined, elsewhere.Status);
        Assert.Equal("Alice", Assert.Single(await Registry.GetMembersAsync("room")).Username);
        Assert.Contains($"{_prefix}room:room", await redis.KeysAsync(_prefix));
        Assert.Contains($"{other.Options.KeyPrefix}room:room", await redis.KeysAsync(other.Options.KeyPrefix));
        Assert.Empty(await redis.KeysAsync("parley:"));
        Assert.Empty(await redis.KeysAsync("room:"));
    }

    [Fact]
    public async Task GetMembers_IsOneCommand_AndWritesRunAsScriptsByHash()
    {
        await Registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2));
        await Registry.JoinAsync(new JoinRequest("room", "Bob", "c2", null, 2));
        await Registry.GetMembersAsync("room");
        var before = await CommandCallsAsync();

        await Registry.GetMembersAsync("room");
        var after = await CommandCallsAsync();

        var delta = after.Where(kv => kv.Key != "info")
            .Select(kv => (kv.Key, Calls: kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(c => c.Calls != 0)
            .ToList();
        Assert.Equal([("hvals", 1L)], delta);
        Assert.True(after.GetValueOrDefault("evalsha") > 0, "the scripts never ran by hash (EVALSHA)");
    }

    private async Task<Dictionary<string, long>> CommandCallsAsync()
    {
        var info = await redis.Admin.GetServer(redis.Server.Endpoint).InfoAsync("commandstats");
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in info.SelectMany(g => g))
        {
            // cmdstat_hvals: calls=3,usec=…
            var name = entry.Key["cmdstat_".Length..].ToLowerInvariant();
            var count = entry.Value.Split(',')[0]["calls=".Length..];
            calls[name] = long.Parse(count, System.Globalization.CultureInfo.InvariantCulture);
        }

        return calls;
    }

    [Fact]
    public async Task MarkAway_HoldsTheSeatForItsConnectionOnly_AndAResumeClearsIt()
    {
        var until = DateTimeOffset.FromUnixTimeMilliseconds(2_000_000_000_123);
        var joined = await Registry.JoinAsync(new JoinRequest("away", "Alice", "old", null, 2));
        var seat = joined.Member!;

        var away = await Registry.MarkAwayAsync(seat, until);
        var listed = Assert.Single(await Registry.GetMembersAsync("away"));
        var resumed = await Registry.JoinAsync(new JoinRequest("away", "Alice", "new", joined.ResumeToken, 2));

        Assert.Equal(until, away?.AwayUntil);
        Assert.Equal(until, listed.AwayUntil);
        Assert.Equal(JoinStatus.Resumed, resumed.Status);
        Assert.False(resumed.Member!.IsAway, "a resumed seat is still marked away");
        Assert.Null(await Registry.MarkAwayAsync(seat, until));
        Assert.True(await Registry.LeaveAsync(seat) == LeaveOutcome.NotSeated, "the expiry of the old connection freed the resumed seat");
        Assert.False(Assert.Single(await Registry.GetMembersAsync("away")).IsAway);
    }
}
