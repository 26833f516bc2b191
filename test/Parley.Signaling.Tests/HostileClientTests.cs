using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

/// <summary>
/// Messages no well-behaved client sends, through a raw WebSocket: the sender gets <c>invalid-call</c> or is closed
/// with the close code the protocol names, and a call in another room goes on meanwhile.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class HostileClientTests(SharedServer shared)
{
    private SignalingServer Server => shared.Server;

    [Theory]
    [InlineData("""{"id":9001,"call":"DropTables","args":[]}""")]
    [InlineData("""{"id":9001,"call":"OnConnectedAsync","args":[]}""")]
    [InlineData("""{"id":9001,"call":"unlock","args":[null]}""")]
    [InlineData("""{"id":9001,"call":42,"args":[]}""")]
    [InlineData("""{"id":9001,"call":"Join","args":["only-one-argument"]}""")]
    [InlineData("""{"id":9001,"call":"Leave","args":["unexpected"]}""")]
    [InlineData("""{"id":9001,"call":"Data","args":[42,null]}""")]
    [InlineData("""{"id":9001,"call":"Join","args":"not an array"}""")]
    [InlineData("""{"id":9001,"call":"Leave","args":[],"type":99}""")]
    [InlineData("""{"id":9001,"args":[]}""")]
    [InlineData("""{"id":9001,"call":"Join","args":["cut off",""")]
    public async Task UnreadableCallWithAnId_IsAnsweredInvalidCallByThatId_AndTheSocketKeepsWorking(string message)
    {
        await using var client = await RawSocket.ConnectAsync(Server.BaseAddress);

        await client.SendTextAsync(message);
        var answer = await client.AnswerAsync(9001);

        Assert.False(answer.TryGetProperty("result", out _), $"an unreadable call got a result: {answer}");
        Assert.True(answer.TryGetProperty("error", out var error), $"an unreadable call was answered without a top-level error: {answer}");
        var refusal = error.Deserialize<SignalingError>(RawSocket.Json)!;
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
        await using var client = await RawSocket.ConnectAsync(Server.BaseAddress);

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
        await using var alice = await RawSocket.ConnectAsync(Server.BaseAddress);
        await using var bob = await Server.ConnectAsync();
        var room = TestRooms.Unique();
        await alice.JoinOkAsync(room, "Alice");
        var bobId = (await bob.JoinOkAsync(room, "Bob")).PeerId;

        // 64 KiB of quotes doubles to 128 KiB once JSON escapes them: the largest payload the limit must admit.
        var payload = new string('"', SignalingLimits.MaxPayloadBytes);
        var message = PaddedTo(SignalingLimits.MaxMessageBytes, $$"""{"id":9001,"call":"Data","args":["{{payload.Replace("\"", "\\\"", StringComparison.Ordinal)}}","{{bobId}}"]}""");
        await alice.SendTextAsync(message);

        var answer = await alice.AnswerAsync(9001);
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("result").GetProperty("error").ValueKind);
        Assert.Equal(payload, (await bob.NextDataAsync()).Payload);
    }

    [Fact]
    public async Task MessageOverTheSizeLimit_ClosesTheSocketWith1009_AndTheCallGoesOn()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        await using var hostile = await RawSocket.ConnectAsync(Server.BaseAddress);

        try
        {
            await hostile.SendTextAsync(PaddedTo(SignalingLimits.MaxMessageBytes + 1, """{"id":9001,"call":"Leave","args":[]}"""));
        }
        catch (Exception e) when (e is WebSocketException or IOException or TimeoutException)
        {
            // Closed while the message was still going out.
        }

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await hostile.ClosedByServerAsync());
        await call.AssertStillTalkingAsync();
    }

    [Fact]
    public async Task MessageSentInFragments_IsReadWhileBelowTheSizeLimit_AndClosedWith1009OncePastIt()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        await using var patient = await RawSocket.ConnectAsync(Server.BaseAddress);
        await using var hostile = await RawSocket.ConnectAsync(Server.BaseAddress);
        const int chunk = 8 * 1024;
        var call9001 = """{"id":9001,"call":"Leave","args":[]}""";
        var fragments = (SignalingLimits.MaxMessageBytes - call9001.Length) / chunk;

        // One message, many frames, just under the limit: read whole once its last frame arrives.
        await patient.SendTextAsync(call9001, endOfMessage: false);
        for (var i = 0; i < fragments; i++)
        {
            await patient.SendTextAsync(new string(' ', chunk), endOfMessage: i == fragments - 1);
        }

        // The same, growing past the limit: closed before it ends.
        await hostile.SendTextAsync(call9001, endOfMessage: false);
        try
        {
            for (var i = 0; i <= fragments + 2; i++)
            {
                await hostile.SendTextAsync(new string(' ', chunk), endOfMessage: false);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or TimeoutException)
        {
            // Closed while the message was still growing.
        }

        Assert.Equal("not-joined", (await patient.AnswerAsync(9001)).GetProperty("result").GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await hostile.ClosedByServerAsync());
        await call.AssertStillTalkingAsync();
    }

    [Fact]
    public async Task BinaryFrame_ClosesTheSocketWith1003_AndTheCallGoesOn()
    {
        await using var call = await TwoPeerCall.StartAsync(Server);
        await using var hostile = await RawSocket.ConnectAsync(Server.BaseAddress);

        await hostile.SendBinaryAsync(Encoding.UTF8.GetBytes("""{"id":1,"call":"Leave","args":[]}"""));

        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, await hostile.ClosedByServerAsync());
        await call.AssertStillTalkingAsync();
    }

    [Fact]
    public async Task PlainGetWithoutUpgrade_IsAnswered400()
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };

        using var response = await http.GetAsync(new Uri(RawSocket.Path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/hubs/signaling")]
    [InlineData("/hubs/signaling/negotiate?negotiateVersion=1")]
    public async Task TheRetiredHubPath_IsNotServed(string path)
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };

        using var get = await http.GetAsync(new Uri(path, UriKind.Relative));
        using var post = await http.PostAsync(new Uri(path, UriKind.Relative), null);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (get.StatusCode, post.StatusCode));
    }

    [Fact]
    public async Task TenThousandRoomNamesFromOneClient_AreRefusedAndItIsCutOff_WhileACallGoesOn()
    {
        // The production defaults for joins, not the raised limits other tests use.
        await using var server = await SignalingServer.StartAsync(
            KeyValuePair.Create("Signaling:Abuse:JoinsPerAddress:Burst", (string?)"30"),
            KeyValuePair.Create("Signaling:Abuse:JoinsPerAddress:PerSecond", (string?)"2"));
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var hostile = await RawSocket.ConnectAsync(server.BaseAddress);

        // Leave and Join pipelined, never waiting for an answer: a Leave is free, so only the refused Joins count.
        const int rooms = 10_000;
        var joins = new List<int>();
        try
        {
            for (var i = 0; i < rooms && !hostile.Closed.IsCompleted; i++)
            {
                await hostile.SendCallAsync(SignalingCalls.Leave);
                joins.Add(await hostile.SendCallAsync(SignalingCalls.Join, $"enumerated-{i}", "Mallory"));
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or TimeoutException or ObjectDisposedException)
        {
            // Cut off mid-flood.
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await hostile.ClosedByServerAsync());
        var answered = hostile.AnsweredIds.ToHashSet();
        var joined = 0;
        var refused = 0;
        foreach (var id in joins.Where(answered.Contains))
        {
            var error = (await hostile.AnswerAsync(id)).GetProperty("result").GetProperty("error");
            if (error.ValueKind == JsonValueKind.Null)
            {
                joined++;
            }
            else
            {
                Assert.Equal("rate-limited", error.GetProperty("code").GetString());
                refused++;
            }
        }

        Assert.InRange(joined, 1, 10);
        Assert.True(joined + refused < rooms, $"all {rooms} Joins were answered ({joined} joined, {refused} refused): the client was never cut off");
        await call.AssertStillTalkingAsync();
    }

    private static string PaddedTo(int bytes, string json)
    {
        var length = Encoding.UTF8.GetByteCount(json);
        Assert.True(length <= bytes, $"the message is already {length} bytes, over the {bytes} wanted");
        return json + new string(' ', bytes - length);
    }
}
