using System.Net;
using System.Net.WebSockets;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests.Sockets;

/// <summary>The hub's rate limits and caps hold on the socket too; each test starts a server with low limits.</summary>
public sealed class SocketAbuseTests
{
    [Fact]
    public async Task JoinFloodFromOneSocket_IsRefusedWithRateLimited_AndAnotherCallGoesOn()
    {
        await using var server = await SignalingServer.StartAsync(
            Setting("Signaling:Abuse:JoinsPerConnection:Burst", "3"),
            Setting("Signaling:Abuse:JoinsPerConnection:PerSecond", "0.01"));
        await using var call = await TwoSocketCall.StartAsync(server);
        await using var flooder = await SocketTestClient.ConnectAsync(server.BaseAddress);

        var codes = new List<string?>();
        for (var i = 0; i < 10; i++)
        {
            codes.Add((await flooder.JoinAsync($"probe-{i}", "Mallory")).Error?.Code);
        }

        Assert.Equal([null, "already-joined", "already-joined"], codes.Take(3));
        Assert.All(codes.Skip(3), code => Assert.Equal("rate-limited", code));
        await call.AssertStillTalkingAsync();
    }

    [Fact]
    public async Task DataFlood_IsRefusedWithRateLimited_ThenTheSocketIsClosedWith1008_AndAnotherCallGoesOn()
    {
        await using var server = await SignalingServer.StartAsync(
            Setting("Signaling:Abuse:DataPerConnection:Burst", "20"),
            // Next to no refill: on a loaded machine a slow loop would otherwise earn tokens that end the refusal streak.
            Setting("Signaling:Abuse:DataPerConnection:PerSecond", "0.01"),
            Setting("Signaling:Abuse:CloseAfterConsecutiveRefusals", "50"));
        await using var call = await TwoSocketCall.StartAsync(server);
        await using var flood = await TwoSocketCall.StartAsync(server);

        var refused = 0;
        for (var i = 0; i < 1000 && !flood.Alice.Closed.IsCompleted; i++)
        {
            try
            {
                if ((await flood.Alice.DataAsync($"candidate {i}", flood.BobId)).Error?.Code == "rate-limited")
                {
                    refused++;
                }
            }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException)
            {
                // The server closed the socket in the middle of this call.
                break;
            }
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await flood.Alice.ClosedByServerAsync());
        Assert.InRange(refused, 40, 60);
        await call.AssertStillTalkingAsync();
    }

    [Fact]
    public async Task RelaysOverTheLimit_AreRefusedWithRateLimitedEvents_AndTheRestDelivered()
    {
        await using var server = await SignalingServer.StartAsync(
            Setting("Signaling:Abuse:DataPerConnection:Burst", "5"),
            Setting("Signaling:Abuse:DataPerConnection:PerSecond", "0.01"));
        await using var call = await TwoSocketCall.StartAsync(server);

        for (var i = 0; i < 8; i++)
        {
            await call.Alice.RelayAsync($"candidate {i}", call.BobId);
        }

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal($"candidate {i}", (await call.Bob.NextDataAsync()).Payload);
        }

        for (var i = 0; i < 3; i++)
        {
            var refused = await call.Alice.NextRefusedAsync();
            Assert.Equal(("Relay", "rate-limited"), (refused.Method, refused.Error.Code));
        }

        await call.Bob.AssertNoEventsAsync("only the relays within the limit are delivered");
    }

    [Fact]
    public async Task ManyUnreadableCallsInARow_CloseTheSocketWith1008_AndAnotherCallGoesOn()
    {
        await using var server = await SignalingServer.StartAsync(Setting("Signaling:Abuse:CloseAfterConsecutiveRefusals", "5"));
        await using var call = await TwoSocketCall.StartAsync(server);
        await using var hostile = await SocketTestClient.ConnectAsync(server.BaseAddress);

        try
        {
            for (var i = 0; i < 20 && !hostile.Closed.IsCompleted; i++)
            {
                await hostile.SendTextAsync("not a call");
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException or TimeoutException)
        {
            // Closed mid-flood.
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await hostile.ClosedByServerAsync());
        await call.AssertStillTalkingAsync();
    }

    [Fact]
    public async Task SocketsOverThePerAddressCap_AreRefusedWith429_AndAClosedOneFreesItsPlace()
    {
        await using var server = await SignalingServer.StartAsync(Setting("Signaling:Abuse:MaxConnectionsPerAddress", "2"));
        await using var first = await SocketTestClient.ConnectAsync(server.BaseAddress);
        await using var second = await SocketTestClient.ConnectAsync(server.BaseAddress);

        var status = await SocketTestClient.RefusedUpgradeStatusAsync(server.BaseAddress, _ => { });

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        await second.DisposeAsync();
        await using var third = await ConnectWhenFreedAsync(server);
        await third.JoinOkAsync(TestRooms.Unique(), "Alice");
    }

    /// <summary>The server notices a closed socket a moment after the client has closed it.</summary>
    private static async Task<SocketTestClient> ConnectWhenFreedAsync(SignalingServer server)
    {
        var deadline = DateTime.UtcNow + TaskTimeouts.Default;
        while (true)
        {
            try
            {
                return await SocketTestClient.ConnectAsync(server.BaseAddress);
            }
            catch (WebSocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private static KeyValuePair<string, string?> Setting(string key, string value) => new(key, value);
}
