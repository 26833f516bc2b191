using System.Net.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using Parley.Server.Connections;
using Parley.Server.Turn;

namespace Parley.Server.Tls;

/// <summary>
/// Gives every https:// address Parley listens on the configured, reloading certificate and, behind TLS, the
/// demultiplexer that sends TURN to the embedded server: HTTPS, WSS signaling and TURN over TLS on one port.
/// </summary>
internal sealed class TlsEndpoints(
    IOptions<TlsOptions> options,
    IOptions<ConnectionLimitsOptions> limits,
    IConfiguration configuration,
    IServiceProvider services)
{
    private static readonly List<SslApplicationProtocol> ApplicationProtocols =
        [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11, TlsPortDemultiplexer.StunTurn];

    /// <summary>The ports that get Parley's TLS: none without a certificate; a certificate without an https:// address stops start-up.</summary>
    public HashSet<int> Ports()
    {
        if (!options.Value.IsEnabled)
        {
            return [];
        }

        var httpsPorts = HttpsPorts(configuration);
        if (httpsPorts.Count == 0)
        {
            throw new OptionsValidationException(TlsOptions.SectionName, typeof(TlsOptions),
                ["Tls:CertificatePath is set but Parley has no https:// address: add one to --urls, e.g. https://0.0.0.0:443."]);
        }

        return httpsPorts;
    }

    /// <summary>
    /// Adds TLS and the demultiplexer to <paramref name="listen"/>. Kestrel applies endpoint defaults before it would add
    /// TLS for an https:// address itself, and skips that when TLS is already there. The connection guard in front
    /// ends a handshake at Connections:TlsHandshakeTimeout and counts it; Kestrel's own timeout, twice as long, only
    /// backs it up (its "infinite" setting makes every handshake throw).
    /// </summary>
    public void Add(ListenOptions listen)
    {
        var certificate = services.GetRequiredService<ServerCertificate>();
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = certificate.Current,
                ApplicationProtocols = ApplicationProtocols,
            }),
            HandshakeTimeout = limits.Value.TlsHandshakeTimeout * 2,
        });
        listen.Use(next => new TlsPortDemultiplexer(
            next,
            services.GetRequiredService<EmbeddedTurn>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<TlsPortDemultiplexer>()).OnConnectionAsync);
    }

    /// <summary>The ports of the https:// addresses in <c>urls</c> and <c>https_ports</c>.</summary>
    internal static HashSet<int> HttpsPorts(IConfiguration configuration)
    {
        var ports = new HashSet<int>();
        foreach (var url in TurnDefaults.WebUrls(configuration))
        {
            if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                && BindingPort(url) is { } port)
            {
                ports.Add(port);
            }
        }

        foreach (var port in (configuration[WebHostDefaults.HttpsPortsKey] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(port, out var value))
            {
                ports.Add(value);
            }
        }

        return ports;
    }

    // Kestrel's wildcards (* and +) are not valid URI hosts; the port is all that matters here.
    private static int? BindingPort(string url) =>
        Uri.TryCreate(url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? uri.Port
            : null;
}
