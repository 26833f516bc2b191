using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Parley.Server.Tests.TestUtils;

namespace Parley.Server.Tests;

/// <summary>
/// The signaling socket served below HTTP (Parley.Server.Signaling.DirectSignaling): a well-formed upgrade gets its 101
/// from Parley itself, without Kestrel's <c>Server</c> header; every request it should not take, refusals included, is
/// answered by Kestrel's HTTP exactly as before, with the same status and body.
/// </summary>
public sealed class DirectSignalingTests(DirectSignalingTests.Server server) : IClassFixture<DirectSignalingTests.Server>
{
    private const int CapPerAddress = 2;

    // RFC 6455 §1.3: the answer to the sample nonce.
    private const string SampleAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(1);

    private Uri Address => server.Parley.BaseAddress;

    [Fact]
    public async Task Upgrade_IsAnsweredBelowHttp_WithRfc6455sAccept_AndTheSocketServesCalls()
    {
        await using var raw = await RawHttp.ConnectAsync(Address, IPAddress.Parse("127.0.0.41"));
        await raw.SendAsync(RawHttp.Upgrade(Address));
        var answer = await raw.ReadAnswerAsync();

        Assert.True(answer.Status == 101 && !answer.FromKestrelsHttp, $"The upgrade should be answered below HTTP:\n{answer}");
        Assert.Equal(SampleAccept, answer.Header("Sec-WebSocket-Accept"));

        using var socket = WebSocket.CreateFromStream(raw.Stream, new WebSocketCreationOptions { IsServer = false });
        await socket.SendAsync("not a call"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var reply = await ReceiveTextAsync(socket);
        Assert.True(reply.Contains("Refused", StringComparison.Ordinal) || reply.Contains("error", StringComparison.OrdinalIgnoreCase),
            $"A call that is no call should be refused over the socket, got: {reply}");
    }

    [Fact]
    public async Task FrameSentWithTheHead_IsReadAsTheSocketsFirst()
    {
        await using var raw = await RawHttp.ConnectAsync(Address, IPAddress.Parse("127.0.0.42"));

        // RFC 6455 §5.5.2: a masked ping with no payload (mask 0), in the same write as the head.
        byte[] ping = [0x89, 0x80, 0, 0, 0, 0];
        await raw.SendAsync([.. Encoding.ASCII.GetBytes(RawHttp.Upgrade(Address)), .. ping]);
        var answer = await raw.ReadAnswerAsync();
        Assert.Equal(101, answer.Status);

        var pong = new List<byte>(answer.After);
        var buffer = new byte[16];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (pong.Count < 2)
        {
            pong.AddRange(buffer.AsSpan(0, await raw.Stream.ReadAsync(buffer, deadline.Token)));
        }

        Assert.True(pong[0] == 0x8A && pong[1] == 0, $"The ping sent with the head should be answered by a pong, got {Convert.ToHexString([.. pong])}");
    }

    [Theory]
    [InlineData("12", RawHttp.SampleKey, "a version other than 13")]
    [InlineData("13", null, "no key")]
    [InlineData("13", "c2hvcnQ=", "a key that is not 16 bytes")]
    public async Task HandshakeThatRfc6455Refuses_IsAnsweredByHttp_With400AsBefore(string version, string? key, string what)
    {
        var answer = await SendAsync(RawHttp.Upgrade(Address, version: version, key: key), IPAddress.Parse("127.0.0.43"));

        Assert.True(answer.Status == 400 && answer.FromKestrelsHttp && answer.Body.Contains("takes WebSocket connections only", StringComparison.Ordinal),
            $"An upgrade with {what} should get HTTP's 400:\n{answer}");
    }

    [Fact]
    public async Task ForeignOrigin_Gets403_WhileTheSameOriginIsUpgraded()
    {
        var source = IPAddress.Parse("127.0.0.44");
        var foreign = await SendAsync(RawHttp.Upgrade(Address, fields: "Origin: https://elsewhere.example"), source);
        Assert.True(foreign.Status == 403 && foreign.Body.Contains("origin may not use", StringComparison.Ordinal), $"A foreign origin:\n{foreign}");

        await using var own = await RawHttp.ConnectAsync(Address, source);
        await own.SendAsync(RawHttp.Upgrade(Address, fields: $"Origin: http://{Address.Authority}"));
        var answer = await own.ReadAnswerAsync();
        Assert.True(answer.Status == 101 && !answer.FromKestrelsHttp, $"The page's own origin:\n{answer}");
    }

    [Fact]
    public async Task ClientOverItsAddressCap_Gets429()
    {
        var source = IPAddress.Parse("127.0.0.45");
        var held = await HoldAsync(source, CapPerAddress);

        var over = await SendAsync(RawHttp.Upgrade(Address), source);
        Assert.True(over.Status == 429 && over.Body.Contains("Too many connections", StringComparison.Ordinal), $"One over the cap:\n{over}");
        await DisposeAllAsync(held);
    }

    [Fact]
    public async Task ForwardedFor_IsTheClientsAddress_FromATrustedProxyOnly()
    {
        // 127.0.0.1 is the trusted proxy: each forwarded client has its own cap.
        var proxy = IPAddress.Loopback;
        var held = await HoldAsync(proxy, CapPerAddress, "X-Forwarded-For: 198.51.100.7");
        held.AddRange(await HoldAsync(proxy, CapPerAddress, "X-Forwarded-For: 198.51.100.8"));
        var over = await SendAsync(RawHttp.Upgrade(Address, fields: "X-Forwarded-For: 198.51.100.7"), proxy);
        Assert.True(over.Status == 429, $"The forwarded client 198.51.100.7 over its cap:\n{over}");

        // From anyone else the header is ignored: the peer's own address is capped, whatever it claims.
        var untrusted = IPAddress.Parse("127.0.0.46");
        held.AddRange(await HoldAsync(untrusted, 1, "X-Forwarded-For: 198.51.100.20"));
        held.AddRange(await HoldAsync(untrusted, 1, "X-Forwarded-For: 198.51.100.21"));
        var claimed = await SendAsync(RawHttp.Upgrade(Address, fields: "X-Forwarded-For: 198.51.100.22"), untrusted);
        Assert.True(claimed.Status == 429, $"An untrusted peer claiming a third address:\n{claimed}");
        await DisposeAllAsync(held);
    }

    [Fact]
    public async Task HeadOverKestrelsLimit_Gets431FromHttp()
    {
        var answer = await SendAsync(RawHttp.Upgrade(Address, fields: "X-Padding: " + new string('a', 40_000)), IPAddress.Parse("127.0.0.47"));

        Assert.True(answer.Status == 431, $"A head over Kestrel's 32 KiB of fields:\n{answer.Head}");
    }

    [Fact]
    public async Task HeadThatDoesNotComeInTime_Gets408()
    {
        await using var raw = await RawHttp.ConnectAsync(Address, IPAddress.Parse("127.0.0.48"));
        await raw.SendAsync($"GET /ws/signaling HTTP/1.1\r\nHost: {Address.Authority}\r\n");
        var answer = await raw.ReadAnswerAsync(HeadersTimeout + TimeSpan.FromSeconds(20));

        Assert.True(answer.Status == 408, $"A head still incomplete after {HeadersTimeout}:\n{answer}");
    }

    [Fact]
    public async Task ManagementAddress_AnswersTheSignalingPathWith404()
    {
        var management = server.Parley.ManagementAddress!;
        var answer = await SendAsync(RawHttp.Upgrade(management), IPAddress.Loopback, management);

        Assert.True(answer.Status == 404, $"The signaling path on the management address:\n{answer}");
    }

    [Fact]
    public async Task RequestsForOtherPaths_AndRoutingsVariantsOfTheSignalingPath_StayWithHttp()
    {
        var source = IPAddress.Parse("127.0.0.49");
        var health = await SendAsync($"GET /healthz HTTP/1.1\r\nHost: {Address.Authority}\r\n\r\n", source);
        Assert.True(health.Status == 200 && health.FromKestrelsHttp, $"/healthz:\n{health}");

        // Routing matches paths without regard to case; the strict reader leaves such a request to it.
        await using var raw = await RawHttp.ConnectAsync(Address, source);
        await raw.SendAsync(RawHttp.Upgrade(Address, path: "/WS/Signaling"));
        var answer = await raw.ReadAnswerAsync();
        Assert.True(answer.Status == 101 && answer.FromKestrelsHttp, $"/WS/Signaling should be upgraded by HTTP:\n{answer}");
    }

    private static async Task<string> ReceiveTextAsync(WebSocket socket)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[8192];
        var result = await socket.ReceiveAsync(buffer, deadline.Token);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    private static async Task DisposeAllAsync(List<RawHttp> connections)
    {
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    private async Task<RawAnswer> SendAsync(string head, IPAddress source, Uri? address = null)
    {
        await using var raw = await RawHttp.ConnectAsync(address ?? Address, source);
        await raw.SendAsync(head);
        return await raw.ReadAnswerAsync();
    }

    /// <summary>Opens <paramref name="count"/> sockets from <paramref name="source"/> and keeps them open.</summary>
    private async Task<List<RawHttp>> HoldAsync(IPAddress source, int count, params string[] fields)
    {
        var held = new List<RawHttp>();
        for (var i = 0; i < count; i++)
        {
            var raw = await RawHttp.ConnectAsync(Address, source);
            held.Add(raw);
            await raw.SendAsync(RawHttp.Upgrade(Address, fields: fields));
            var answer = await raw.ReadAnswerAsync();
            Assert.True(answer.Status == 101, $"Socket {i + 1} of {count} from {source} ({string.Join(", ", fields)}):\n{answer}");
        }

        return held;
    }

    /// <summary>One server for these tests: 127.0.0.1 a trusted proxy, a cap of two per address, a short head deadline, a management address.</summary>
    public sealed class Server : IAsyncLifetime
    {
        public ParleyServer Parley { get; } = new(
            "--Proxy:TrustedNetworks:0", "127.0.0.1",
            "--Signaling:Abuse:MaxConnectionsPerAddress", CapPerAddress.ToString(CultureInfo.InvariantCulture),
            "--Connections:RequestHeadersTimeout", HeadersTimeout.ToString("c", CultureInfo.InvariantCulture),
            "--Management:Urls:0", $"http://127.0.0.1:{FreePort.Tcp().ToString(CultureInfo.InvariantCulture)}");

        public Task InitializeAsync() => Parley.InitializeAsync();

        public Task DisposeAsync() => Parley.DisposeAsync();
    }
}
