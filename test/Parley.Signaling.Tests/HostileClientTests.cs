using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

/// <summary>
/// Clients that do not play by the SignalR protocol, driven through a bare WebSocket: each gets its error or is
/// cut off, and a healthy call in another room (real SignalR .NET clients) keeps exchanging Data meanwhile.
/// </summary>
public sealed class HostileClientTests
{
    [Fact]
    public async Task MalformedJson_ClosesThatConnection_AndTheCallGoesOn()
    {
        await using var server = await SignalingServer.StartAsync();
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var hostile = await RawHubClient.ConnectAsync(server);

        await hostile.SendTextAsync("{\"type\":1,\"target\":\"Join\",\"arguments\":[\"a\"," + RawHubClient.RecordSeparator);

        var close = await hostile.ClosedByServerAsync();
        Assert.True(close is { } c && c.TryGetProperty("error", out _), $"malformed JSON should draw a close record with an error, got {close}");
        Assert.NotEqual(WebSocketState.Open, hostile.State);
        await AssertCallWorksAsync(call);
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("\"just a string\"")]
    [InlineData("{\"type\":1,\"invocationId\":\"1\",\"target\":42,\"arguments\":[]}")]
    [InlineData("{\"type\":1,\"invocationId\":\"1\",\"target\":\"Join\",\"arguments\":\"not an array\"}")]
    public async Task RecordsThatAreNoHubMessage_CloseThatConnection(string record)
    {
        await using var server = await SignalingServer.StartAsync();
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var hostile = await RawHubClient.ConnectAsync(server);

        await hostile.SendTextAsync(record + RawHubClient.RecordSeparator);

        await hostile.ClosedByServerAsync();
        Assert.NotEqual(WebSocketState.Open, hostile.State);
        await AssertCallWorksAsync(call);
    }

    /// <summary>
    /// SignalR's JSON protocol skips unknown record types for forward compatibility, but its parse loop then stops
    /// before the skipped record and never gets past it: that connection answers nothing more, and what it sends
    /// piles up until the message size limit closes it. Only the sender is affected.
    /// </summary>
    [Fact]
    public async Task RecordOfAnUnknownType_StallsOnlyThatConnection_UntilTheSizeLimitCutsItOff()
    {
        await using var server = await SignalingServer.StartAsync();
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var hostile = await RawHubClient.ConnectAsync(server);

        await hostile.SendTextAsync("{\"type\":99,\"payload\":\"from the future\"}" + RawHubClient.RecordSeparator);
        await hostile.InvokeAsync("1", "Leave");
        await AssertCallWorksAsync(call);

        var ping = "{\"type\":6}" + RawHubClient.RecordSeparator;
        var filler = string.Concat(Enumerable.Repeat(ping, 8 * 1024 / ping.Length));
        try
        {
            for (var sent = 0; sent < 2 * SignalingLimits.MaxHubMessageBytes && !hostile.Closed.IsCompleted; sent += filler.Length)
            {
                await hostile.SendTextAsync(filler);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or TimeoutException)
        {
            // Closed while still sending.
        }

        await hostile.Closed.DefaultTimeout();
        Assert.NotEqual(WebSocketState.Open, hostile.State);
        await AssertCallWorksAsync(call);
    }

    [Fact]
    public async Task RecordWithoutTerminator_IsCutOffOnceItPassesTheMessageSizeLimit()
    {
        await using var server = await SignalingServer.StartAsync();
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var hostile = await RawHubClient.ConnectAsync(server);
        const int chunk = 8 * 1024;
        await hostile.SendTextAsync("{\"type\":1,\"target\":\"Data\",\"arguments\":[\"");

        var sent = 0;
        while (sent + chunk < SignalingLimits.MaxHubMessageBytes - chunk)
        {
            await hostile.SendTextAsync(new string('a', chunk));
            sent += chunk;
        }

        Assert.True(await hostile.StaysOpenForAsync(TimeSpan.FromSeconds(1)), $"cut off after {sent} bytes, below the {SignalingLimits.MaxHubMessageBytes}-byte limit");
        try
        {
            for (var i = 0; i < 4; i++)
            {
                await hostile.SendTextAsync(new string('a', chunk));
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or TimeoutException)
        {
            // The server closed the connection while the record was still growing.
        }

        await hostile.Closed.DefaultTimeout();
        Assert.NotEqual(WebSocketState.Open, hostile.State);
        await AssertCallWorksAsync(call);
    }

    [Fact]
    public async Task UnknownMethodsAndWrongArguments_GetAnErrorCompletion_AndTheConnectionStaysUsable()
    {
        await using var server = await SignalingServer.StartAsync();
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var hostile = await RawHubClient.ConnectAsync(server);

        await hostile.InvokeAsync("1", "DropTables");
        await hostile.InvokeAsync("2", "Data", 42, new { to = 1 });
        await hostile.InvokeAsync("3", "Join", "only-one-argument");
        await hostile.InvokeAsync("4", "OnConnectedAsync");

        foreach (var id in new[] { "1", "2", "3", "4" })
        {
            var completion = await hostile.CompletionAsync(id);
            Assert.True(completion is { } c && c.TryGetProperty("error", out var error) && error.GetString() is { Length: > 0 },
                $"invocation {id} should complete with an error, got {completion}");
        }

        await hostile.InvokeAsync("5", "Join", TestRooms.Unique(), "Mallory");
        var join = await hostile.CompletionAsync("5");
        Assert.True(join is { } j && j.GetProperty("result").GetProperty("error").ValueKind == JsonValueKind.Null,
            $"after the bad invocations a valid Join should still succeed, got {join}");
        await AssertCallWorksAsync(call);
    }

    [Fact]
    public async Task InvalidValuesOfTheRightTypes_GetTheHubsOwnErrors()
    {
        await using var server = await SignalingServer.StartAsync();
        await using var hostile = await RawHubClient.ConnectAsync(server);

        await hostile.InvokeAsync("1", "Join", null, null);
        await hostile.InvokeAsync("2", "Join", new string('r', SignalingLimits.MaxRoomLength + 1), "Mallory");
        await hostile.InvokeAsync("3", "Join", "room with spaces", "Mallory");
        await hostile.InvokeAsync("4", "Data", "offer", null);

        Assert.Equal("invalid-room", await ResultErrorCodeAsync(hostile, "1"));
        Assert.Equal("invalid-room", await ResultErrorCodeAsync(hostile, "2"));
        Assert.Equal("invalid-room", await ResultErrorCodeAsync(hostile, "3"));
        Assert.Equal("not-joined", await ResultErrorCodeAsync(hostile, "4"));
    }

    [Fact]
    public async Task TenThousandRoomNamesFromOneClient_AreRefusedAndItIsCutOff_WhileACallGoesOn()
    {
        // The production defaults for joins, not the raised limits other tests use.
        await using var server = await SignalingServer.StartAsync(
            KeyValuePair.Create("Signaling:Abuse:JoinsPerAddress:Burst", (string?)"30"),
            KeyValuePair.Create("Signaling:Abuse:JoinsPerAddress:PerSecond", (string?)"2"));
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var hostile = await RawHubClient.ConnectAsync(server);

        const int rooms = 10_000;
        try
        {
            var batch = new StringBuilder();
            for (var i = 0; i < rooms && hostile.State == WebSocketState.Open; i++)
            {
                batch.Append(RawHubClient.Invocation($"leave-{i}", "Leave")).Append(RawHubClient.Invocation($"join-{i}", "Join", $"enumerated-{i}", "Mallory"));
                if (i % 250 == 249)
                {
                    await hostile.SendTextAsync(batch.ToString());
                    batch.Clear();
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or TimeoutException)
        {
            // Cut off mid-flood.
        }

        var joined = 0;
        var refused = 0;
        try
        {
            while (await hostile.NextRecordAsync() is { } record)
            {
                if (record.GetProperty("type").GetInt32() == 3 && record.GetProperty("invocationId").GetString()!.StartsWith("join-", StringComparison.Ordinal))
                {
                    var error = record.GetProperty("result").GetProperty("error");
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
            }
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the flooding connection is still open after {joined} joins and {refused} refusals: it was never cut off");
        }

        Assert.InRange(joined, 1, 10);
        Assert.True(joined + refused < rooms, $"all {rooms} Joins were answered ({joined} joined, {refused} refused): the client was never cut off");
        await AssertCallWorksAsync(call);
    }

    private static async Task<string?> ResultErrorCodeAsync(RawHubClient client, string invocationId)
    {
        var completion = await client.CompletionAsync(invocationId);
        Assert.True(completion is { } c && c.TryGetProperty("result", out _), $"invocation {invocationId} should return a result, got {completion}");
        var error = completion!.Value.GetProperty("result").GetProperty("error");
        return error.ValueKind == JsonValueKind.Null ? null : error.GetProperty("code").GetString();
    }

    private static async Task AssertCallWorksAsync(TwoPeerCall call)
    {
        Assert.Null((await call.Alice.DataAsync("still talking", call.BobId)).Error);
        Assert.Equal("still talking", (await call.Bob.NextDataAsync()).Payload);
    }
}
