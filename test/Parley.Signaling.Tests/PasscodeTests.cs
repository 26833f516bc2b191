namespace Parley.Signaling.Tests;

/// <summary>A passcode room is its name and its passcode together: a joiner without the passcode cannot tell it exists.</summary>
[Collection(SharedServer.Name)]
public sealed class PasscodeTests(SharedServer shared)
{
    private SignalingServer Server => shared.Server;

    [Fact]
    public async Task TheRightPasscode_JoinsTheRoomItCreated()
    {
        var room = TestRooms.Unique();
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        Assert.Null((await alice.UnlockAsync("correct horse")).Error);
        var aliceJoin = await alice.JoinOkAsync(room, "Alice");

        Assert.Null((await bob.UnlockAsync("correct horse")).Error);
        var bobJoin = await bob.JoinOkAsync(room, "Bob");

        Assert.Equal(room, bobJoin.Room);
        Assert.Equal(aliceJoin.PeerId, Assert.Single(bobJoin.Peers).PeerId);
        Assert.Equal(bobJoin.PeerId, (await alice.NextReadyAsync()).PeerId);
        Assert.Null((await bob.DataAsync("offer", aliceJoin.PeerId)).Error);
        Assert.Equal("offer", (await alice.NextDataAsync()).Payload);
    }

    [Fact]
    public async Task NoPasscodeOrAWrongOne_GetsTheSameAnswerAsAnUnusedName_AndTheLockedRoomHearsNothing()
    {
        var room = TestRooms.Unique();
        var unused = TestRooms.Unique();
        await using var alice = await Server.ConnectAsync();
        await alice.UnlockAsync("s3cret");
        await alice.JoinOkAsync(room, "Alice");

        var answers = new List<Contracts.JoinResult>();
        foreach (var (name, passcode) in new[] { (room, (string?)null), (room, "wrong"), (unused, null), (unused, "wrong") })
        {
            await using var mallory = await Server.ConnectAsync();
            await mallory.UnlockAsync(passcode);
            answers.Add(await mallory.JoinOkAsync(name, "Mallory"));
        }

        Assert.All(answers, a => Assert.Empty(a.Peers));
        Assert.All(answers, a => Assert.False(a.Resumed));
        Assert.Equal(4, answers.Select(a => a.PeerId).Distinct().Count());
        await alice.AssertNoEventsAsync("nobody without the passcode reached the locked room");
    }

    [Fact]
    public async Task ALockedRoom_DoesNotTakeTheSeatsOfTheOpenRoomOfTheSameName()
    {
        var room = TestRooms.Unique();
        var clients = new List<TestPeer>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                clients.Add(await Server.ConnectAsync());
            }

            await clients[0].UnlockAsync("pass");
            await clients[1].UnlockAsync("pass");
            await clients[0].JoinOkAsync(room, "Locked 1");
            await clients[1].JoinOkAsync(room, "Locked 2");
            await clients[2].JoinOkAsync(room, "Open 1");
            var open2 = await clients[3].JoinOkAsync(room, "Open 2");

            Assert.Equal("Open 1", Assert.Single(open2.Peers).Username);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ResumeToken_TakesBackAHeldSeatInALockedRoom_OnlyWithThePasscode()
    {
        var room = TestRooms.Unique();
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        await alice.UnlockAsync("pass");
        await bob.UnlockAsync("pass");
        await alice.JoinOkAsync(room, "Alice");
        var bobJoin = await bob.JoinOkAsync(room, "Bob");
        await alice.NextReadyAsync();
        await bob.DisposeAsync();
        await alice.NextPeerReconnectingAsync();

        await using var withoutPasscode = await Server.ConnectAsync();
        var refused = await withoutPasscode.ResumeAsync(room, "Bob", bobJoin.ResumeToken!);
        await using var back = await Server.ConnectAsync();
        await back.UnlockAsync("pass");
        var resumed = await back.ResumeAsync(room, "Bob", bobJoin.ResumeToken!);

        Assert.False(refused.Resumed, "the token opened the locked room without its passcode");
        Assert.Empty(refused.Peers);
        Assert.True(resumed.Resumed);
        Assert.Equal(bobJoin.PeerId, resumed.PeerId);
    }

    [Theory]
    [InlineData(129)]
    [InlineData(5000)]
    public async Task APasscodeTooLong_IsRefusedWithInvalidPasscode(int length)
    {
        await using var client = await Server.ConnectAsync();

        var result = await client.UnlockAsync(new string('x', length));

        Assert.Equal("invalid-passcode", result.Error?.Code);
    }

    [Fact]
    public void TheStoredKey_HoldsNoPasscode_AndNeverLooksLikeARoomName()
    {
        var key = Rooms.LockedRoom.Key("room", "hunter2");

        Assert.StartsWith("~", key, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", key, StringComparison.Ordinal);
        Assert.False(Contracts.SignalingInput.IsValidRoom(key));
        Assert.NotEqual(key, Rooms.LockedRoom.Key("room2", "hunter2"));
        Assert.Equal(key, Rooms.LockedRoom.Key("room", "hunter2"));
    }
}
