using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Parley.Server.Tests.TestUtils;
using Parley.Turn;

namespace Parley.Server.Tests;

/// <summary>
/// Which peers the embedded TURN may relay to when the operator said nothing: loopback only on a node that every TURN
/// client reaches through loopback, counting TURN over TLS on the https:// addresses.
/// </summary>
public sealed class TurnDefaultsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    [Fact]
    public async Task LocalOnlyNode_MayRelayToLoopback()
    {
        var options = await EffectiveTurnOptionsAsync("--urls", "http://127.0.0.1:0");

        Assert.Equal(["127.0.0.1", "::1"], options.AllowedPeerAddresses);
    }

    [Fact]
    public async Task LocalOnlyNode_WithTurnOverTlsOnALoopbackHttpsAddress_MayRelayToLoopback()
    {
        var options = await EffectiveTurnOptionsAsync(["--urls", "https://127.0.0.1:0", .. Tls, "--Turn:EnableUdp", "false", "--Turn:EnableTcp", "false"]);

        Assert.Equal(["127.0.0.1", "::1"], options.AllowedPeerAddresses);
    }

    [Theory]
    [InlineData("--urls", "https://0.0.0.0:8443")]
    [InlineData("--urls", "https://127.0.0.1:8443;https://[::]:8444")]
    [InlineData("--https_ports", "8443")]
    public async Task TurnListeningOnLoopback_ButReachableOverTlsOnAPublicAddress_RelaysToNoLoopbackPeer(string key, string value)
    {
        var options = await EffectiveTurnOptionsAsync([key, value, "--Turn:ListenAddresses:0", "127.0.0.1", .. Tls]);

        Assert.True(options.AllowedPeerAddresses.Count == 0,
            $"TURN over TLS answers beyond loopback, yet loopback peers are allowed: [{string.Join(", ", options.AllowedPeerAddresses)}]");
    }

    [Fact]
    public async Task PublicHostGivenAsAnAddress_IsRefusedAsAPeer()
    {
        var options = await EffectiveTurnOptionsAsync("--urls", "http://127.0.0.1:0", "--Turn:PublicHost", "198.51.100.7");

        Assert.Contains("198.51.100.7", options.DeniedPeerAddresses);
    }

    public void Dispose() => _certificates.Dispose();

    private string[] Tls => ["--Tls:CertificatePath", _certificates.CertificatePath, "--Tls:KeyPath", _certificates.KeyPath];

    /// <summary>The TURN options a node built from <paramref name="args"/> would start with (it is not started).</summary>
    private static async Task<TurnServerOptions> EffectiveTurnOptionsAsync(params string[] args)
    {
        await using var app = ParleyApplication.Create([.. args, "--Logging:LogLevel:Default", "None"]);
        return app.Services.GetRequiredService<IOptions<TurnServerOptions>>().Value;
    }
}
