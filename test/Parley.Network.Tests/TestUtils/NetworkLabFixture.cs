using Microsoft.Playwright;

namespace Parley.Network.Tests.TestUtils;

/// <summary>
/// The lab built once for all cases: the namespaces, Parley with its TURN and HTTPS (and a second Parley with TURN
/// off, in the same server namespace), and one browser per home host started when a case first needs it.
/// </summary>
public sealed class NetworkLabFixture : IAsyncLifetime
{
    public const int WebPort = 8080;
    public const int NoTurnWebPort = 8081;
    public const int TlsPort = 443;

    private LabCertificate? _certificate;
    private InternetLab? _lab;
    private NamespacedParley? _parley;
    private NamespacedParley? _parleyWithoutTurn;
    private NamespacedChromium? _chromium;

    public InternetLab Lab => _lab!;

    /// <summary>
    /// Parley as on a real server, with its embedded STUN/TURN on UDP and TCP 3478 and HTTPS on <see cref="TlsPort"/>,
    /// where TURN over TLS shares the port.
    /// </summary>
    public NamespacedParley Parley => _parley!;

    /// <summary>Parley with <c>Turn:Enabled=false</c> and no other ICE server: browsers get no STUN and no relay.</summary>
    public NamespacedParley ParleyWithoutTurn => _parleyWithoutTurn!;

    public PathReport Report { get; } = new();

    public async Task InitializeAsync()
    {
        try
        {
            _certificate = new LabCertificate(InternetLab.ServerAddress);
            _lab = await InternetLab.BuildAsync(TlsPort);
            var servers = await Task.WhenAll(
                NamespacedParley.StartAsync(_lab.Server, WebPort, TlsPort, PublicServerSettings(_certificate)),
                NamespacedParley.StartAsync(_lab.Server, NoTurnWebPort, tlsPort: null, "--Turn:Enabled", "false"));
            (_parley, _parleyWithoutTurn) = (servers[0], servers[1]);
            _chromium = new NamespacedChromium([Origin(_parley.Home), Origin(_parleyWithoutTurn.Home)], _certificate.ChromiumTrustArgument);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public Task<IPage> NewPersonAsync(LabHost host) => _chromium!.NewPersonAsync(host);

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (_parley is not null)
        {
            await _parley.DisposeAsync();
        }

        if (_parleyWithoutTurn is not null)
        {
            await _parleyWithoutTurn.DisposeAsync();
        }

        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }

        _certificate?.Dispose();
    }

    /// <summary>What an operator of a server on the internet sets: its public address for TURN URLs and relays.</summary>
    private static string[] PublicServerSettings(LabCertificate certificate) =>
    [
        "--Tls:CertificatePath", certificate.CertificatePath,
        "--Tls:KeyPath", certificate.KeyPath,
        "--Turn:PublicHost", InternetLab.ServerAddress,
        "--Turn:RelayAddress", InternetLab.ServerAddress,
        // The one exemption from the default deny list: the lab's "public" internet is made of the documentation
        // ranges, which that list refuses as special-purpose. On the real internet these would be public
        // addresses, relayed without any setting; private ranges (the home LANs) stay refused.
        "--Turn:AllowedPeerAddresses:0", "198.51.100.0/24",
        "--Turn:AllowedPeerAddresses:1", "203.0.113.0/24",
    ];

    private static string Origin(Uri home) => home.GetLeftPart(UriPartial.Authority);
}
