using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

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
        await AssertCallWorksAsync(call);
    }

    [Fact]
    public async Task ManyRoomNamesFromOneAddress_AreRefusedWithRateLimited_WhileAnotherAddressJoins()
    {
        await using var server = await SignalingServer.StartAsync(
            Setting("Signaling:Abuse:JoinsPerAddress:Burst", "5"),
            Setting("Signaling:Abuse:JoinsPerAddress:PerSecond", "0.01"));
        var probes = new List<SignalingTestClient>();
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
            await using var other = await server.ConnectAsync(SourceAddress.From(Bystander));
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
    public async Task DataFlood_IsRefusedThenTheConnectionIsClosed_AndAnotherCallGoesOn()
    {
        await using var server = await SignalingServer.StartAsync(
            Setting("Signaling:Abuse:DataPerConnection:Burst", "20"),
            // Next to no refill: on a loaded machine a slow loop would otherwise earn tokens that end the refusal streak.
            Setting("Signaling:Abuse:DataPerConnection:PerSecond", "0.01"),
            Setting("Signaling:Abuse:CloseAfterConsecutiveRefusals", "50"));
        await using var call = await TwoPeerCall.StartAsync(server);
        await using var flood = await TwoPeerCall.StartAsync(server);

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
            catch (Exception e) when (e is HubException or InvalidOperationException or TaskCanceledException)
            {
                // The server closed the connection in the middle of this call.
                break;
            }
        }

        await flood.Alice.Closed.DefaultTimeout();
        Assert.InRange(refused, 40, 60);
        await AssertCallWorksAsync(call);
    }

    [Fact]
    public async Task RelaysOverTheLimit_AreRefusedWithRefusedEvents_AndTheRestDelivered()
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
    public async Task ConnectionsOverThePerAddressCap_AreRefused_WhileAnotherAddressConnects()
    {
        await using var server = await SignalingServer.StartAsync(Setting("Signaling:Abuse:MaxConnectionsPerAddress", "3"));
        var clients = new List<SignalingTestClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                clients.Add(await server.ConnectAsync());
            }

            var refusal = await Assert.ThrowsAsync<HttpRequestException>(() => server.ConnectAsync());

            Assert.Equal(HttpStatusCode.TooManyRequests, refusal.StatusCode);
            await using var other = await server.ConnectAsync(SourceAddress.From(Bystander));
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
            await using var client = await ConnectWhenFreedAsync(server);
            await client.JoinOkAsync(TestRooms.Unique(), "Alice");
            await client.StopAsync();
        }
    }

    /// <summary>The server notices a closed connection a moment after the client has closed it.</summary>
    private static async Task<SignalingTestClient> ConnectWhenFreedAsync(SignalingServer server)
    {
        var deadline = DateTime.UtcNow + TaskTimeouts.Default;
        while (true)
        {
            try
            {
                return await server.ConnectAsync();
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    [Theory]
    [InlineData("http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("http://127.0.0.1:1", HttpStatusCode.Forbidden)]
    [InlineData("https://partner.example", HttpStatusCode.OK)]
    [InlineData("same-origin", HttpStatusCode.OK)]
    public async Task NegotiateFromAForeignOrigin_IsRefused_UnlessAllowed(string origin, HttpStatusCode expected)
    {
        await using var server = await SignalingServer.StartAsync(
            Setting("Signaling:Abuse:AllowedOrigins:0", "https://partner.example"));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.HubUrl + "/negotiate?negotiateVersion=1"));
        request.Headers.Add("Origin", origin == "same-origin" ? server.BaseAddress.GetLeftPart(UriPartial.Authority) : origin);

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task UnknownMethodsAndWrongArgumentTypes_GetAnError_AndTheConnectionKeepsWorking()
    {
        await using var server = await SignalingServer.StartAsync();
        await using var call = await TwoPeerCall.StartAsync(server);

        await Assert.ThrowsAsync<HubException>(() => call.Alice.Connection.InvokeAsync<object>("DropTables").DefaultTimeout());
        await Assert.ThrowsAsync<HubException>(() => call.Alice.Connection.InvokeAsync<object>("Data", 42, new { to = 1 }).DefaultTimeout());
        await Assert.ThrowsAsync<HubException>(() => call.Alice.Connection.InvokeAsync<object>("Join", "only-one-argument").DefaultTimeout());

        await AssertCallWorksAsync(call);
    }

    private static KeyValuePair<string, string?> Setting(string key, string value) => new(key, value);

    private static async Task AssertCallWorksAsync(TwoPeerCall call)
    {
        Assert.Null((await call.Alice.DataAsync("still talking", call.BobId)).Error);
        Assert.Equal("still talking", (await call.Bob.NextDataAsync()).Payload);
    }
}
