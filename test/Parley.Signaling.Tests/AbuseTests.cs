using System.Net;
using System.Net.WebSockets;
using Parley.Client;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

/// <summary>Rate limits, connection caps and the origin check; each test starts a server with low limits.</summary>
public sealed class AbuseTests
{
    private static readonly IPAddress Bystander = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task JoinFloodFromOneConnection_IsRefusedWithRateLimited_AndAnotherCallGoesOn()
    {
        await using var server = await SignalingServer.StartAsync(
            Setting("Signaling:Abuse:JoinsPerConnection:Burst", "3"),
            Setting("Signaling:Abuse:JoinsPerConnection:PerSecond", "0.01"));
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var flooder = await server.ConnectAsync();

        var codes = new List<string?>();
        for (var i = 0; i < 20; i++)
        {
            codes.Add((await flooder.JoinAsync($"probe-{i}", "Mallory")).Error?.Code);
        }

        Assert.Equal([null, "already-joined", "already-joined"], codes.Take(3));
        Assert.All(codes.Skip(3), code => Assert.Equal("rate-limited", code));
        await call.AssertStillTalkingAsync();
    }

    [Fact]
    public async Task ManyRoomNamesFromOneAddress_AreRefusedWithRateLimited_WhileAnotherAddressJoins()
    {
        await using var server = await SignalingServer.StartAsync(
            Setting("Signaling:Abuse:JoinsPerAddress:Burst", "5"),
            Setting("Signaling:Abuse:JoinsPerAddress:PerSecond", "0.01"));
        var probes = new List<TestPeer>();
        try
        {
            var codes = new List<string?>();
            for (var i = 0; i < 10; i++)
            {
                var probe = await server.ConnectAsync();
                probes.Add(probe);
                codes.Add((await probe.JoinAsync($"enumerated-{i}", "Mallory")).Error?.Code);
            }

            Assert.Equal(5, codes.Count(c => c is null));
            Assert.All(codes.Skip(5), code => Assert.Equal("rate-limited", code));
            using var bystander = new SourceAddress(Bystander);
            await using var other = await server.ConnectAsync(bystander.Options);
            await other.JoinOkAsync(TestRooms.Unique(), "Bystander");
        }
        finally
        {
            foreach (var probe in probes)
            {
                await probe.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task DataFlood_IsRefusedWithRateLimited_ThenTheConnectionIsClosedWith1008_AndAnotherCallGoesOn()
    {
        await using var server = await SignalingServer.StartAsync(
            Setting("Signaling:Abuse:DataPerConnection:Burst", "20"),
            // Next to no refill: on a loaded machine a slow loop would otherwise earn tokens that end the refusal streak.
            Setting("Signaling:Abuse:DataPerConnection:PerSecond", "0.01"),
            Setting("Signaling:Abuse:CloseAfterConsecutiveRefusals", "50"));
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var flood = await TwoPeerCall.StartAsync(server);

        var refused = 0;
        try
        {
            for (var i = 0; i < 1000 && flood.Alice.Client.State == ParleyConnectionState.Open; i++)
            {
                if ((await flood.Alice.DataAsync($"candidate {i}", flood.BobId)).Error?.Code == "rate-limited")
                {
                    refused++;
                }
            }
        }
        catch (ParleyConnectionException)
        {
            // The server closed the connection in the middle of a call.
        }

        var closed = await flood.Alice.NextConnectionEventAsync<ClosedEvent>();
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, closed.CloseStatus);
        Assert.InRange(refused, 40, 60);
        await call.AssertStillTalkingAsync();
    }

    [Fact]
    public async Task RelaysOverTheLimit_AreRefusedWithRateLimitedEvents_AndTheRestDelivered()
    {
        await using var server = await SignalingServer.StartAsync(
            Setting("Signaling:Abuse:DataPerConnection:Burst", "5"),
            Setting("Signaling:Abuse:DataPerConnection:PerSecond", "0.01"));
        await using var call = await TwoPeerCall.StartAsync(server);

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
    public async Task ManyUnreadableCallsInARow_CloseTheConnectionWith1008_AndAnotherCallGoesOn()
    {
        await using var server = await SignalingServer.StartAsync(Setting("Signaling:Abuse:CloseAfterConsecutiveRefusals", "5"));
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var hostile = await RawSocket.ConnectAsync(server.BaseAddress);

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
    public async Task ConnectionsOverThePerAddressCap_AreRefusedWith429_WhileAnotherAddressConnects()
    {
        await using var server = await SignalingServer.StartAsync(Setting("Signaling:Abuse:MaxConnectionsPerAddress", "3"));
        var clients = new List<TestPeer>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                clients.Add(await server.ConnectAsync());
            }

            var refusal = await Assert.ThrowsAsync<ParleyConnectionException>(() => server.ConnectAsync());

            Assert.Equal(HttpStatusCode.TooManyRequests, refusal.StatusCode);
            using var bystander = new SourceAddress(Bystander);
            await using var other = await server.ConnectAsync(bystander.Options);
            await other.JoinOkAsync(TestRooms.Unique(), "Bystander");
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
    public async Task ClosedConnections_FreeTheirPlaceUnderTheCap()
    {
        await using var server = await SignalingServer.StartAsync(Setting("Signaling:Abuse:MaxConnectionsPerAddress", "1"));

        for (var i = 0; i < 3; i++)
        {
            // The server notices a closed connection a moment after the client has closed it.
            await using var client = await Eventually.SucceedsAsync(
                () => server.ConnectAsync(), e => e is ParleyConnectionException { StatusCode: HttpStatusCode.TooManyRequests });
            await client.JoinOkAsync(TestRooms.Unique(), "Alice");
        }
    }

    [Theory]
    [InlineData("http://evil.example", false)]
    [InlineData("http://127.0.0.1:1", false)]
    [InlineData("https://partner.example", true)]
    [InlineData("same-origin", true)]
    public async Task UpgradeFromAForeignOrigin_IsRefusedWith403_UnlessAllowed(string origin, bool allowed)
    {
        await using var server = await SignalingServer.StartAsync(
            Setting("Signaling:Abuse:AllowedOrigins:0", "https://partner.example"));
        var options = new ParleyClientOptions
        {
            Origin = origin == "same-origin" ? server.BaseAddress.GetLeftPart(UriPartial.Authority) : origin,
        };

        if (allowed)
        {
            await using var client = await server.ConnectAsync(options);
            await client.JoinOkAsync(TestRooms.Unique(), "Alice");
        }
        else
        {
            var refusal = await Assert.ThrowsAsync<ParleyConnectionException>(() => server.ConnectAsync(options));
            Assert.Equal(HttpStatusCode.Forbidden, refusal.StatusCode);
        }
    }

    [Fact]
    public async Task WithAPublicOrigin_ADnsRebindingPage_IsRefusedWith403_WhileThePublicOriginIsServed()
    {
        await using var server = await SignalingServer.StartAsync(Setting("Signaling:PublicOrigin", "https://call.example.org"));

        // A page at http://rebound.example:<port>, whose name the attacker pointed at this node: Host and Origin agree.
        var rebound = $"rebound.example:{server.BaseAddress.Port}";
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeAsync(server.BaseAddress, $"http://{rebound}", rebound));
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeAsync(server.BaseAddress, "http://call.example.org", "call.example.org"));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeAsync(server.BaseAddress, "https://call.example.org", "call.example.org"));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeAsync(server.BaseAddress, "https://CALL.example.org:443", rebound));
    }

    private static KeyValuePair<string, string?> Setting(string key, string value) => new(key, value);

    /// <summary>The status of a WebSocket upgrade sent with <paramref name="origin"/> and <paramref name="host"/> (101 when it opened).</summary>
    private static async Task<HttpStatusCode> UpgradeAsync(Uri server, string origin, string host)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", origin);
        socket.Options.SetRequestHeader("Host", host);
        using var timeout = new CancellationTokenSource(RawSocket.Timeout);
        try
        {
            await socket.ConnectAsync(new UriBuilder(new Uri(server, RawSocket.Path)) { Scheme = "ws" }.Uri, timeout.Token);
        }
        catch (WebSocketException)
        {
            // Refused: the status says how.
        }

        return socket.HttpStatusCode;
    }
}
