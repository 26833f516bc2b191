using System.Net;
using System.Net.WebSockets;
using Parley.Server.Tests.TestUtils;

namespace Parley.Server.Tests;

/// <summary>
/// Behind Debian's nginx each person is still one address: Parley trusts <c>X-Forwarded-For</c> from nginx
/// (<c>Proxy:TrustedNetworks</c>, 127.0.0.1) and from no one else. The clients really are distinct addresses
/// (127.0.0.x, all loopback on Linux); nginx adds each one's address to the header it forwards.
/// </summary>
public sealed class ProxyTests : IAsyncLifetime
{
    private const int CapPerAddress = 2;

    // Below the sockets nginx holds for all its clients: before trusted proxies, these limits stopped the whole site.
    private readonly ParleyServer _server = new(
        "--Proxy:TrustedNetworks:0", "127.0.0.1",
        "--Signaling:Abuse:MaxConnectionsPerAddress", CapPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--Connections:MaxPerAddress", "4",
        "--Connections:MaxIdlePerAddress", "4");

    private readonly List<ClientWebSocket> _sockets = [];
    private readonly List<SourceAddress> _sources = [];
    private NginxLoadBalancer _nginx = null!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _nginx = await NginxLoadBalancer.StartAsync(_server.BaseAddress.Port);
    }

    [Fact]
    public async Task ClientsBehindNginx_EachHaveTheirOwnCap_AndOneOverItsCapIsRefused_WhileOthersAreServed()
    {
        var clients = Enumerable.Range(11, 4).Select(i => IPAddress.Parse($"127.0.0.{i}")).ToArray();
        foreach (var client in clients)
        {
            for (var i = 0; i < CapPerAddress; i++)
            {
                Assert.Equal(HttpStatusCode.SwitchingProtocols, await OpenAsync(_nginx.Address, client));
            }
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await OpenAsync(_nginx.Address, clients[0]));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await OpenAsync(_nginx.Address, IPAddress.Parse("127.0.0.15")));
    }

    [Fact]
    public async Task ForwardedForWrittenByTheClient_IsIgnored_DirectlyAndThroughNginx()
    {
        // Straight to Parley from an address that is no trusted proxy: each socket claims another client.
        var direct = IPAddress.Parse("127.0.0.21");
        for (var i = 0; i < CapPerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.SwitchingProtocols, await OpenAsync(_server.BaseAddress, direct, $"198.51.100.{i}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await OpenAsync(_server.BaseAddress, direct, "198.51.100.99"));

        // Through nginx, which appends the real address after the claimed ones: only that hop is believed.
        var behindNginx = IPAddress.Parse("127.0.0.22");
        for (var i = 0; i < CapPerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.SwitchingProtocols, await OpenAsync(_nginx.Address, behindNginx, $"198.51.100.{i}, 127.0.0.1"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await OpenAsync(_nginx.Address, behindNginx, "198.51.100.99"));
    }

    public async Task DisposeAsync()
    {
        foreach (var socket in _sockets)
        {
            socket.Abort();
            socket.Dispose();
        }

        foreach (var source in _sources)
        {
            source.Dispose();
        }

        await _nginx.DisposeAsync();
        await _server.DisposeAsync();
    }

    /// <summary>Opens a signaling socket from <paramref name="source"/>; the upgrade's status (101 when it opened).</summary>
    private async Task<HttpStatusCode> OpenAsync(Uri server, IPAddress source, string? forwardedFor = null)
    {
        var from = new SourceAddress(source);
        _sources.Add(from);
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (forwardedFor is not null)
        {
            socket.Options.SetRequestHeader("X-Forwarded-For", forwardedFor);
        }

        _sockets.Add(socket);
        var url = new UriBuilder(new Uri(server, "/ws/signaling")) { Scheme = "ws" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await socket.ConnectAsync(url, from.Invoker, timeout.Token);
        }
        catch (WebSocketException)
        {
            // The status says why; 0 when the connection was closed without an answer.
        }

        return socket.HttpStatusCode;
    }
}
