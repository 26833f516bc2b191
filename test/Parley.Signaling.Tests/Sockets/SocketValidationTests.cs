using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests.Sockets;

/// <summary>The hub's validation errors come back over the socket as ordinary answers, and the socket stays usable.</summary>
[Collection(SharedSignalingServer.Name)]
public sealed class SocketValidationTests(SignalingServer server)
{
    public static TheoryData<string?> InvalidRooms => new()
    {
        null,
        "",
        new string('r', SignalingLimits.MaxRoomLength + 1),
        "with space",
        "../etc",
    };

    public static TheoryData<string?> InvalidUsernames => new()
    {
        null,
        "   ",
        new string('n', SignalingLimits.MaxUsernameLength + 1),
        "bell\u0007",
        "\u202Eevil",
    };

    [Theory]
    [MemberData(nameof(InvalidRooms))]
    public async Task InvalidRoomName_IsRefusedWithInvalidRoom_AndTheSocketStillWorks(string? room)
    {
        await using var client = await SocketTestClient.ConnectAsync(server.BaseAddress);

        var result = await client.JoinAsync(room, "Alice");

        Assert.Equal("invalid-room", result.Error?.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Error?.Message), "invalid-room came without a message");
        Assert.Null(result.PeerId);
        await client.JoinOkAsync(TestRooms.Unique(), "Alice");
    }

    [Theory]
    [MemberData(nameof(InvalidUsernames))]
    public async Task InvalidUsername_IsRefusedWithInvalidUsername_AndTheSocketStillWorks(string? username)
    {
        await using var client = await SocketTestClient.ConnectAsync(server.BaseAddress);

        var result = await client.JoinAsync(TestRooms.Unique(), username);

        Assert.Equal("invalid-username", result.Error?.Code);
        await client.JoinOkAsync(TestRooms.Unique(), "Alice");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task EmptyPayload_IsRefusedWithInvalidPayload_ByDataAndByRelay(string? payload)
    {
        await using var call = await TwoSocketCall.StartAsync(server);

        Assert.Equal("invalid-payload", (await call.Alice.DataAsync(payload, call.BobId)).Error?.Code);
        await call.Alice.RelayAsync(payload, call.BobId);

        var refused = await call.Alice.NextRefusedAsync();
        Assert.Equal(("Relay", "invalid-payload"), (refused.Method, refused.Error.Code));
        await call.Bob.AssertNoEventsAsync("a refused payload is not relayed");
    }

    [Fact]
    public async Task PayloadOver64KiB_IsRefusedWithPayloadTooLarge_AndTheCallGoesOn()
    {
        await using var call = await TwoSocketCall.StartAsync(server);

        var result = await call.Alice.DataAsync(new string('a', SignalingLimits.MaxPayloadBytes + 1), call.BobId);

        Assert.Equal("payload-too-large", result.Error?.Code);
        await call.Bob.AssertNoEventsAsync("an oversized payload is not relayed");
        await call.AssertStillTalkingAsync();
    }

    [Fact]
    public async Task DataRelayAndLeaveBeforeJoin_AreRefusedWithNotJoined()
    {
        await using var client = await SocketTestClient.ConnectAsync(server.BaseAddress);

        Assert.Equal("not-joined", (await client.DataAsync("offer")).Error?.Code);
        Assert.Equal("not-joined", (await client.LeaveAsync()).Error?.Code);
        await client.RelayAsync("offer", to: null);

        var refused = await client.NextRefusedAsync();
        Assert.Equal(("Relay", "not-joined"), (refused.Method, refused.Error.Code));
        await client.JoinOkAsync(TestRooms.Unique(), "Alice");
    }
}
