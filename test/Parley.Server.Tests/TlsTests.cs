using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Parley.Server.Tests.TestUtils;
using Parley.Signaling.Contracts;

namespace Parley.Server.Tests;

/// <summary>
/// One TLS port for everything: HTTPS pages, WSS signaling and TURN over TLS, with TURN's own UDP and TCP switched
/// off so that port is the browsers' only way to the server, as on a network that lets only TCP 443 out.
/// </summary>
[Trait("Category", ParleyBinary.Category)]
public sealed class TlsTests(TlsTests.TlsOnlyBed bed) : BrowserTest(bed), IClassFixture<TlsTests.TlsOnlyBed>
{
    [Fact]
    public async Task HttpsPort_ServesThePage_AndOffersTurnOverTlsOnTheSamePort()
    {
        using var http = bed.CreateHttpClient();

        var page = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        var ice = await http.GetFromJsonAsync<IceServersResponse>(new Uri("/api/ice-servers/probe", UriKind.Relative));

        Assert.Contains("<div id=\"root\"", page, StringComparison.Ordinal);
        Assert.NotNull(ice);
        var urls = ice.IceServers.SelectMany(s => s.Urls).ToList();
        Assert.True(urls.SequenceEqual([$"turns:127.0.0.1:{bed.Server.BaseAddress.Port}?transport=tcp"]),
            $"With TURN's UDP and TCP off, the ICE servers should be TURN over TLS on the HTTPS port alone, not [{string.Join(", ", urls)}]");
    }

    [Fact]
    public async Task HttpsAnswers_CarryStrictTransportSecurity()
    {
        using var http = bed.CreateHttpClient();

        using var response = await http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.True(response.Headers.TryGetValues("Strict-Transport-Security", out var hsts), "An HTTPS answer came without HSTS");
        Assert.Equal("max-age=31536000", string.Join(", ", hsts));
    }

    [Theory]
    [InlineData("TLS on the HTTPS port, ChannelData")]
    [InlineData("TLS on the HTTPS port, Send and Data indications", "-s")]
    public Task UClient_OverTlsOnTheHttpsPort_RelaysEveryMessage(string route, params string[] flags) =>
        TurnClientTools.AssertRelaysEveryMessageAsync(route, bed.Server.BaseAddress.Port, ParleyServer.TurnSecret, ["-t", "-S", .. flags]);

    [Fact]
    public async Task AlpnStunTurn_IsNegotiated_AndTheConnectionGoesStraightToTurn()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(bed.Server.BaseAddress.Host, bed.Server.BaseAddress.Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) => bed.IsTestCertificate(certificate));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            ApplicationProtocols = [new SslApplicationProtocol("stun.turn")],
        });

        // RFC 8489 §6: a Binding request (0x0001), no attributes, the magic cookie and a transaction ID.
        byte[] request = [0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        await tls.WriteAsync(request);
        var header = new byte[20];
        await tls.ReadExactlyAsync(header).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("stun.turn", tls.NegotiatedApplicationProtocol.ToString());
        Assert.True(header[0] == 0x01 && header[1] == 0x01, $"Expected a Binding success response (0x0101), got 0x{header[0]:X2}{header[1]:X2}");
        Assert.Equal(request[8..], header[8..]);
    }

    [Fact]
    public async Task RelayOnlyCall_ThroughTheTlsPortAlone_UsesTurnOverTls()
    {
        var (alice, bob, _) = await StartCallAsync();

        foreach (var (name, person) in new[] { ("Alice", alice), ("Bob", bob) })
        {
            var pair = await person.SelectedPairAsync();
            Assert.True(pair is { Local: "relay", LocalProtocol: "tls", Remote: "relay" },
                $"{name}'s selected candidate pair is {pair}, not a relay reached over TLS to a relay");
        }
    }

    [Fact]
    public async Task RenewedCertificate_ReachesNewConnections_WhileTheCallGoesOn()
    {
        var (alice, bob, _) = await StartCallAsync();
        var before = await bob.MediaStatsAsync();

        bed.Certificates.Install(bed.Certificates.Renewed);
        try
        {
            var served = await bed.WaitForServedCertificateAsync(bed.Certificates.Renewed.Thumbprint, TimeSpan.FromSeconds(15));
            Assert.True(served == bed.Certificates.Renewed.Thumbprint,
                $"New connections still get {served} 15 s after the files were replaced, not the renewed {bed.Certificates.Renewed.Thumbprint}");

            await bob.ExpectMediaFlowingAsync(before);
            await alice.ExpectStateAsync("connected");
        }
        finally
        {
            bed.Certificates.Install(bed.Certificates.Current);
            await bed.WaitForServedCertificateAsync(bed.Certificates.Current.Thumbprint, TimeSpan.FromSeconds(15));
        }
    }

    [Fact]
    public void CertificateWithoutAnHttpsAddress_StopsStartWithAClearMessage()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ParleyApplication.Create(
        [
            "--urls", "http://127.0.0.1:0",
            "--Tls:CertificatePath", bed.Certificates.CertificatePath,
            "--Tls:KeyPath", bed.Certificates.KeyPath,
            "--Logging:LogLevel:Default", "None",
        ]));

        Assert.Contains("no https:// address", error.Message, StringComparison.Ordinal);
    }

    public class TlsOnlyBed : BrowserTestBed, IDisposable
    {
        public TlsOnlyBed()
            : this(new TestCertificates(), [])
        {
        }

        /// <summary>The same server and browser with <paramref name="settings"/> added (short deadlines, say).</summary>
        protected TlsOnlyBed(params string[] settings)
            : this(new TestCertificates(), settings)
        {
        }

        private TlsOnlyBed(TestCertificates certificates, string[] settings)
            : base(
                new ParleyServer(
                [
                    "--urls", $"https://127.0.0.1:{FreePort.Tcp()}",
                    "--Tls:CertificatePath", certificates.CertificatePath,
                    "--Tls:KeyPath", certificates.KeyPath,
                    "--Turn:EnableUdp", "false",
                    "--Turn:EnableTcp", "false",
                    "--Turn:AllowRfc5766ChannelNumbers", "true",
                    "--Ice:TransportPolicy", "relay",
                    .. settings,
                ]),
                new Chromium(certificates.ChromiumTrustArgument))
        {
            Certificates = certificates;
        }

        public TestCertificates Certificates { get; }

        /// <summary>An HTTPS client that trusts exactly the test certificates.</summary>
        public HttpClient CreateHttpClient()
        {
            var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => IsTestCertificate(certificate) };
            return new HttpClient(handler) { BaseAddress = Server.BaseAddress };
        }

        /// <summary>Opens TLS connections until one is served <paramref name="thumbprint"/>; returns the last one seen.</summary>
        public async Task<string?> WaitForServedCertificateAsync(string thumbprint, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            string? served;
            do
            {
                served = await ServedCertificateAsync();
                if (served == thumbprint)
                {
                    return served;
                }

                await Task.Delay(250);
            }
            while (DateTime.UtcNow < deadline);
            return served;
        }

        public void Dispose()
        {
            Certificates.Dispose();
            GC.SuppressFinalize(this);
        }

        private async Task<string?> ServedCertificateAsync()
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(Server.BaseAddress.Host, Server.BaseAddress.Port);
            string? thumbprint = null;
            await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
            {
                thumbprint = certificate is null ? null : new X509Certificate2(certificate).Thumbprint;
                return IsTestCertificate(certificate);
            });
            await tls.AuthenticateAsClientAsync("127.0.0.1");
            return thumbprint;
        }

        public bool IsTestCertificate(X509Certificate? certificate) =>
            certificate is not null
            && new X509Certificate2(certificate).Thumbprint is var thumbprint
            && (thumbprint == Certificates.Current.Thumbprint || thumbprint == Certificates.Renewed.Thumbprint);
    }
}
