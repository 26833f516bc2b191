using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

/// <summary>Every value a call carries is checked: a refusal is an ordinary answer with its error code, and the connection stays usable.</summary>
[Collection(SharedServer.Name)]
public sealed class ValidationTests(SharedServer shared)
{
    private SignalingServer Server => shared.Server;

    public static TheoryData<string?> InvalidRooms => new()
    {
        null,
        "",
        new string('r', SignalingLimits.MaxRoomLength + 1),
        "with space",
        "dots.are.out",
        "../etc",
        "caf\u00e9",
        "tab\there",
    };

    public static TheoryData<string?> InvalidUsernames => new()
    {
        null,
        "",
        "   ",
        new string('n', SignalingLimits.MaxUsernameLength + 1),
        "bell\u0007",
        "line\nbreak",
        "\u202Eevil",
    };

    [Theory]
    [MemberData(nameof(InvalidRooms))]
    public async Task InvalidRoomName_IsRefusedWithInvalidRoom_AndTheConnectionStillWorks(string? room)
    {
        await using var client = await Server.ConnectAsync();

        var result = await client.JoinAsync(room, "Alice");

        Assert.Equal("invalid-room", result.Error?.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Error?.Message), "invalid-room came without a message");
        Assert.Null(result.PeerId);
        await client.JoinOkAsync(TestRooms.Unique(), "Alice");
    }

    [Theory]
    [MemberData(nameof(InvalidUsernames))]
    public async Task InvalidUsername_IsRefusedWithInvalidUsername_AndTheConnectionStillWorks(string? username)
    {
        await using var client = await Server.ConnectAsync();

        var result = await client.JoinAsync(TestRooms.Unique(), username);

        Assert.Equal("invalid-username", result.Error?.Code);
        await client.JoinOkAsync(TestRooms.Unique(), "Alice");
    }

    [Fact]
    public async Task LongestValidRoomAndUsername_AreAccepted()
    {
        await using var client = await Server.ConnectAsync();
        var room = new string('r', SignalingLimits.MaxRoomLength - 2) + "_-";

        await client.JoinOkAsync(room, new string('n', SignalingLimits.MaxUsernameLength));
    }

    [Fact]
    public async Task RefusedJoin_LeavesTheRoomAsItWas()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        await using var carol = await Server.ConnectAsync();

        Assert.Equal("invalid-username", (await carol.JoinAsync(call.Room, "")).Error?.Code);

        await call.Alice.AssertNoEventsAsync("a refused join changes nothing");
        Assert.Equal("room-full", (await carol.JoinAsync(call.Room, "Carol")).Error?.Code);
    }

    [Fact]
    public async Task DataRelayAndLeaveBeforeJoin_AreRefusedWithNotJoined()
    {
        await using var client = await Server.ConnectAsync();

        Assert.Equal("not-joined", (await client.DataAsync("offer")).Error?.Code);
        Assert.Equal("not-joined", (await client.LeaveAsync()).Error?.Code);
        await client.RelayAsync("offer", to: null);

        var refused = await client.NextRefusedAsync();
        Assert.Equal(("Relay", "not-joined"), (refused.Method, refused.Error.Code));
        await client.JoinOkAsync(TestRooms.Unique(), "Alice");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task EmptyPayload_IsRefusedWithInvalidPayload_ByDataAndByRelay(string? payload)
    {
        await using var call = await TwoPeerCall.StartAsync(Server);

        Assert.Equal("invalid-payload", (await call.Alice.DataAsync(payload, call.BobId)).Error?.Code);
        await call.Alice.RelayAsync(payload, call.BobId);

        var refused = await call.Alice.NextRefusedAsync();
        Assert.Equal(("Relay", "invalid-payload"), (refused.Method, refused.Error.Code));
        await call.Bob.AssertNoEventsAsync("a refused payload is not relayed");
    }

    [Theory]
    [InlineData("a", SignalingLimits.MaxPayloadBytes + 1)]
    [InlineData("\u00e9", (SignalingLimits.MaxPayloadBytes / 2) + 1)]
    public async Task PayloadOver64KiB_IsRefusedWithPayloadTooLarge_AndTheCallGoesOn(string unit, int repeat)
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        var payload = string.Concat(Enumerable.Repeat(unit, repeat));

        var result = await call.Alice.DataAsync(payload, call.BobId);

        Assert.Equal("payload-too-large", result.Error?.Code);
        await call.Bob.AssertNoEventsAsync("an oversized payload is not relayed");
        await call.AssertStillTalkingAsync();
    }

    [Fact]
    public async Task PayloadOfExactly64KiB_IsRelayed()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        var payload = new string('a', SignalingLimits.MaxPayloadBytes);

        Assert.Null((await call.Alice.DataAsync(payload, call.BobId)).Error);
        Assert.Equal(payload, (await call.Bob.NextDataAsync()).Payload);
    }
}
