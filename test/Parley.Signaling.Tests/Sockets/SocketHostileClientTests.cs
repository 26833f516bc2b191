using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests.Sockets;

/// <summary>
/// Messages no well-behaved client sends: the sender gets <c>invalid-call</c> or is closed with the close code the
/// protocol names, and a call in another room goes on meanwhile.
/// </summary>
[Collection(SharedSignalingServer.Name)]
public sealed class SocketHostileClientTests(SignalingServer server)
{
    private const int MaxMessageBytes = 135_168;

    [Theory]
    [InlineData("""{"id":9001,"call":"DropTables","args":[]}""")]
    [InlineData("""{"id":9001,"call":"Join","args":["only-one-argument"]}""")]
    [InlineData("""{"id":9001,"call":"Leave","args":["unexpected"]}""")]
    [InlineData("""{"id":9001,"call":"Data","args":[42,null]}""")]
    [InlineData("""{"id":9001,"call":"Join","args":"not an array"}""")]
    [InlineData("""{"id":9001,"args":[]}""")]
    [InlineData("""{"id":9001,"call":"Join","args":["cut off",""")]
    public async Task UnreadableCallWithAnId_IsAnsweredInvalidCallByThatId_AndTheSocketKeepsWorking(string message)
    {
        await using var client = await SocketTestClient.ConnectAsync(server.BaseAddress);

        await client.SendTextAsync(message);
        var answer = await client.AnswerAsync(9001);

        Assert.False(answer.TryGetProperty("result", out _), $"an unreadable call got a result: {answer}");
        Assert.True(answer.TryGetProperty("error", out var error), $"an unreadable call was answered without a top-level error: {answer}");
        var refusal = error.Deserialize<SignalingError>(SocketTestClient.Json)!;
        Assert.Equal("invalid-call", refusal.Code);
        Assert.False(string.IsNullOrWhiteSpace(refusal.Message), $"invalid-call came without a message: {answer}");
        await client.AssertNoEventsAsync("a call answered by id needs no Refused event too");
        await client.JoinOkAsync(TestRooms.Unique(), "Alice");
    }

    [Theory]
    [InlineData("not JSON at all", "")]
    [InlineData("""{"call":"Join","args":["cut off",""", null)]
    [InlineData("[1,2,3]", "")]
    [InlineData("\"just a string\"", "")]
    [InlineData("""{"call":"Join","args":["lobby","Mallory"]}""", "Join")]
    [InlineData("""{"id":0,"call":"Leave","args":[]}""", null)]
    [InlineData("""{"id":-1,"call":"Leave","args":[]}""", null)]
    [InlineData("""{"id":2147483648,"call":"Leave","args":[]}""", null)]
    [InlineData("""{"id":1.5,"call":"Leave","args":[]}""", null)]
    [InlineData("""{"id":"7","call":"Leave","args":[]}""", null)]
    public async Task MessageWithoutAReadableId_GetsARefusedInvalidCallEvent_AndTheSocketKeepsWorking(string message, string? method)
    {
        await using var client = await SocketTestClient.ConnectAsync(server.BaseAddress);

        await client.SendTextAsync(message);
        var refused = await client.NextRefusedAsync();

        Assert.Equal("invalid-call", refused.Error.Code);
        Assert.False(string.IsNullOrWhiteSpace(refused.Error.Message), "invalid-call came without a message");
        if (method is not null)
        {
            Assert.Equal(method, refused.Method);
        }

        // Had the server acted on the message anyway, this Join would meet already-joined.
        await client.JoinOkAsync(TestRooms.Unique(), "Alice");
    }

    [Fact]
    public async Task MessageOfExactlyTheSizeLimit_IsRead_AndCarriesAMaximalPayload()
    {
        await using var call = await TwoSocketCall.StartAsync(server);

        // 64 KiB of quotes doubles to 128 KiB once JSON escapes them: the largest payload the limit must admit.
        var payload = new string('"', SignalingLimits.MaxPayloadBytes);
        var message = PaddedTo(MaxMessageBytes, $$"""{"id":9001,"call":"Data","args":["{{payload.Replace("\"", "\\\"", StringComparison.Ordinal)}}","{{call.BobId}}"]}""");
        await call.Alice.SendTextAsync(message);

        var answer = await call.Alice.AnswerAsync(9001);
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("result").GetProperty("error").ValueKind);
        Assert.Equal(payload, (await call.Bob.NextDataAsync()).Payload);
    }

    [Fact]
    public async Task MessageOverTheSizeLimit_ClosesTheSocketWith1009_AndTheCallGoesOn()
    {
        await using var call = await TwoSocketCall.StartAsync(server);
        await using var hostile = await SocketTestClient.ConnectAsync(server.BaseAddress);

        try
        {
            await hostile.SendTextAsync(PaddedTo(MaxMessageBytes + 1, """{"id":9001,"call":"Leave","args":[]}"""));
        }
        catch (Exception e) when (e is WebSocketException or IOException or TimeoutException)
        {
            // Closed while the message was still going out.
        }

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await hostile.ClosedByServerAsync());
        await call.AssertStillTalkingAsync();
    }

    [Fact]
    public async Task BinaryFrame_ClosesTheSocketWith1003_AndTheCallGoesOn()
    {
        await using var call = await TwoSocketCall.StartAsync(server);
        await using var hostile = await SocketTestClient.ConnectAsync(server.BaseAddress);

        await hostile.SendBinaryAsync(Encoding.UTF8.GetBytes("""{"id":1,"call":"Leave","args":[]}"""));

        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, await hostile.ClosedByServerAsync());
        await call.AssertStillTalkingAsync();
    }

    [Fact]
    public async Task UpgradeFromAForeignOrigin_IsRefusedWith403_AndFromTheSameOriginAccepted()
    {
        var status = await SocketTestClient.RefusedUpgradeStatusAsync(server.BaseAddress, o => o.SetRequestHeader("Origin", "http://evil.example"));
        await using var sameOrigin = await SocketTestClient.ConnectAsync(
            server.BaseAddress, o => o.SetRequestHeader("Origin", server.BaseAddress.GetLeftPart(UriPartial.Authority)));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        await sameOrigin.JoinOkAsync(TestRooms.Unique(), "Alice");
    }

    [Fact]
    public async Task PlainGetWithoutUpgrade_IsAnswered400()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync(new Uri(SocketTestClient.Path, UriKind.Relative)).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static string PaddedTo(int bytes, string json)
    {
        var length = Encoding.UTF8.GetByteCount(json);
        Assert.True(length <= bytes, $"the message is already {length} bytes, over the {bytes} wanted");
        return json + new string(' ', bytes - length);
    }
}
