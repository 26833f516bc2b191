using System.Net;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Parley.Server.Tests.TestUtils;

namespace Parley.Server.Tests;

/// <summary>
/// What the signaling socket below HTTP keeps from Kestrel's HTTP path: the limit on upgraded connections, and on the
/// TLS port the demultiplexer in front and HTTP/2's WebSockets (RFC 8441 extended CONNECT) served by HTTP.
/// </summary>
public sealed class DirectSignalingLimitTests
{
    [Fact]
    public async Task WebSocketOverMaxUpgradedConnections_Gets503_AndOneMoreFitsOnceOneCloses()
    {
        var server = new ParleyServer("--Connections:MaxUpgradedConnections", "1");
        await server.InitializeAsync();
        try
        {
            var address = server.BaseAddress;
            var first = await RawHttp.ConnectAsync(address);
            await first.SendAsync(RawHttp.Upgrade(address));
            Assert.Equal(101, (await first.ReadAnswerAsync()).Status);

            await using (var second = await RawHttp.ConnectAsync(address))
            {
                await second.SendAsync(RawHttp.Upgrade(address));
                var refused = await second.ReadAnswerAsync();
                Assert.True(refused.Status == 503 && refused.Body.Contains("as many WebSockets as it may", StringComparison.Ordinal),
                    $"A second socket over a limit of one:\n{refused}");
            }

            await first.DisposeAsync();
            await Eventually.HoldsAsync(async () =>
            {
                await using var third = await RawHttp.ConnectAsync(address);
                await third.SendAsync(RawHttp.Upgrade(address));
                return (await third.ReadAnswerAsync()).Status == 101;
            }, "a socket should fit again once the first closed", TimeSpan.FromSeconds(20));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task OnTheTlsPort_Http11UpgradeIsServedBelowHttp_AndHttp2sExtendedConnectByHttp()
    {
        using var certificates = new TestCertificates();
        var server = new ParleyServer(
            "--urls", $"https://127.0.0.1:{FreePort.Tcp()}",
            "--Tls:CertificatePath", certificates.CertificatePath,
            "--Tls:KeyPath", certificates.KeyPath);
        await server.InitializeAsync();
        try
        {
            var address = server.BaseAddress;
            RemoteCertificateValidationCallback trust = (_, certificate, _, _) =>
                certificate is not null && new X509Certificate2(certificate).Thumbprint == certificates.Current.Thumbprint;
            await using (var raw = await RawHttp.ConnectAsync(address, trust: trust))
            {
                await raw.SendAsync(RawHttp.Upgrade(address));
                var answer = await raw.ReadAnswerAsync();
                Assert.True(answer.Status == 101 && !answer.FromKestrelsHttp, $"An HTTP/1.1 upgrade over TLS should be answered below HTTP:\n{answer}");
            }

            using var handler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = trust },
            };
            using var invoker = new HttpMessageInvoker(handler);
            using var socket = new ClientWebSocket();
            socket.Options.HttpVersion = HttpVersion.Version20;
            socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            socket.Options.CollectHttpResponseDetails = true;
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await socket.ConnectAsync(new Uri($"wss://{address.Authority}/ws/signaling"), invoker, deadline.Token);
            Assert.True(socket.HttpStatusCode == HttpStatusCode.OK && socket.State == WebSocketState.Open,
                $"An HTTP/2 WebSocket should be opened by HTTP's extended CONNECT: {socket.HttpStatusCode}, {socket.State}");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
