using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

[Collection(SharedSignalingServer.Name)]
public sealed class ValidationTests(SignalingServer server)
{
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
        await using var client = await server.ConnectAsync();

        var result = await client.JoinAsync(room!, "Alice");

        Assert.Equal("invalid-room", result.Error?.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Error?.Message));
        await client.JoinOkAsync(TestRooms.Unique(), "Alice");
    }

    [Theory]
    [MemberData(nameof(InvalidUsernames))]
    public async Task InvalidUsername_IsRefusedWithInvalidUsername_AndTheConnectionStillWorks(string? username)
    {
        await using var client = await server.ConnectAsync();

        var result = await client.JoinAsync(TestRooms.Unique(), username!);

        Assert.Equal("invalid-username", result.Error?.Code);
        await client.JoinOkAsync(TestRooms.Unique(), "Alice");
    }

    [Fact]
    public async Task LongestValidRoomAndUsername_AreAccepted()
    {
        await using var client = await server.ConnectAsync();
        var room = new string('r', SignalingLimits.MaxRoomLength - 2) + "_-";

        await client.JoinOkAsync(room, new string('n', SignalingLimits.MaxUsernameLength));
    }

    [Fact]
    public async Task RefusedJoin_LeavesTheRoomAsItWas()
    {
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var carol = await server.ConnectAsync();

        Assert.Equal("invalid-username", (await carol.JoinAsync(call.Room, "")).Error?.Code);

        await call.Alice.AssertNoEventsAsync("a refused join changes nothing");
        Assert.Equal("room-full", (await carol.JoinAsync(call.Room, "Carol")).Error?.Code);
    }

    [Fact]
    public async Task DataBeforeJoin_IsRefusedWithNotJoined()
    {
        await using var client = await server.ConnectAsync();

        Assert.Equal("not-joined", (await client.DataAsync("offer")).Error?.Code);
        await client.JoinOkAsync(TestRooms.Unique(), "Alice");
    }

    [Fact]
    public async Task LeaveBeforeJoin_IsRefusedWithNotJoined()
    {
        await using var client = await server.ConnectAsync();

        Assert.Equal("not-joined", (await client.LeaveAsync()).Error?.Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task EmptyPayload_IsRefusedWithInvalidPayload(string? payload)
    {
        await using var call = await TwoPeerCall.StartAsync(server);

        Assert.Equal("invalid-payload", (await call.Alice.DataAsync(payload, call.BobId)).Error?.Code);
        await call.Bob.AssertNoEventsAsync("a refused payload is not relayed");
    }

    [Theory]
    [InlineData("a", SignalingLimits.MaxPayloadBytes + 1)]
    [InlineData("\u00e9", (SignalingLimits.MaxPayloadBytes / 2) + 1)]
    public async Task PayloadOver64KiB_IsRefusedWithPayloadTooLarge_AndTheCallGoesOn(string unit, int repeat)
    {
        await using var call = await TwoPeerCall.StartAsync(server);
        var payload = string.Concat(Enumerable.Repeat(unit, repeat));

        var result = await call.Alice.DataAsync(payload, call.BobId);

        Assert.Equal("payload-too-large", result.Error?.Code);
        await call.Bob.AssertNoEventsAsync("an oversized payload is not relayed");
        Assert.Null((await call.Alice.DataAsync("after", call.BobId)).Error);
        Assert.Equal("after", (await call.Bob.NextDataAsync()).Payload);
    }

    [Fact]
    public async Task PayloadOfExactly64KiB_IsRelayed()
    {
        await using var call = await TwoPeerCall.StartAsync(server);
        var payload = new string('a', SignalingLimits.MaxPayloadBytes);

        Assert.Null((await call.Alice.DataAsync(payload, call.BobId)).Error);
        Assert.Equal(payload, (await call.Bob.NextDataAsync()).Payload);
    }
}
