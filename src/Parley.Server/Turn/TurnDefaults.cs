using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using Parley.Server.Tls;
using Parley.Turn;

namespace Parley.Server.Turn;

/// <summary>
/// Fills in what an operator left unset so the embedded TURN works out of the box, and securely: a local-only
/// Parley gets a local-only TURN that may relay between two browsers on this machine; anything listening beyond
/// loopback refuses loopback and private peers unless configuration allows them.
/// </summary>
internal static class TurnDefaults
{
    /// <summary>The addresses the web app listens on, as ASP.NET Core's <c>urls</c> setting lists them.</summary>
    public static IReadOnlyList<string> WebUrls(IConfiguration configuration) =>
        (configuration[WebHostDefaults.ServerUrlsKey] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static void Apply(TurnServerOptions options, IConfiguration configuration)
    {
        var webUrls = WebUrls(configuration);
        if (options.SharedSecrets.Count == 0)
        {
            // One process signs and checks its own credentials; nodes that share TURN must configure a secret.
            options.SharedSecrets.Add(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        if (options.ListenAddresses.Count == 0)
        {
            if (webUrls.Count > 0 && webUrls.All(IsLoopbackUrl))
            {
                options.ListenAddresses.Add(IPAddress.Loopback.ToString());
            }
            else
            {
                // Left unset when the host has no IPv4 address: validation then asks for Turn:RelayAddress.
                options.RelayAddress ??= FirstExternalIPv4()?.ToString();
            }
        }

        if (OnlyLoopbackReachesTurn(options, configuration, webUrls))
        {
            // Named exactly: the peer filter keeps the node's own addresses closed to ranges (see PeerAddressFilter).
            options.AllowedPeerAddresses.Add(IPAddress.Loopback.ToString());
            options.AllowedPeerAddresses.Add(IPAddress.IPv6Loopback.ToString());
        }

        // Clients reach TURN at the public host too (a load balancer's address, say): it is no peer either.
        if (IPAddress.TryParse(configuration[$"{EmbeddedTurnOptions.SectionName}:{nameof(EmbeddedTurnOptions.PublicHost)}"], out var publicHost))
        {
            options.DeniedPeerAddresses.Add(publicHost.ToString());
        }
    }

    /// <summary>
    /// Whether every address clients can reach TURN on is loopback: the UDP and TCP listeners and, with a certificate,
    /// every web address, since TURN over TLS shares the https:// port. Only then are all TURN clients this machine's
    /// own users, who may relay to its loopback services anyway.
    /// </summary>
    private static bool OnlyLoopbackReachesTurn(TurnServerOptions options, IConfiguration configuration, IReadOnlyList<string> webUrls)
    {
        bool listeners = options.EnableUdp || options.EnableTcp;
        if (listeners && !(options.ListenAddresses.Count > 0 && options.ListenAddresses.All(a => IPAddress.IsLoopback(IPAddress.Parse(a)))))
        {
            return false;
        }

        var tls = configuration.GetSection(TlsOptions.SectionName).Get<TlsOptions>();
        if (tls is not { IsEnabled: true })
        {
            return listeners;
        }

        // http_ports and https_ports bind every address; Kestrel:Endpoints name theirs.
        var endpointUrls = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? string.Empty);
        return string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
            && string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey])
            && webUrls.Concat(endpointUrls).All(IsLoopbackUrl);
    }

    private static bool IsLoopbackUrl(string url)
    {
        if (!Uri.TryCreate(url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    private static IPAddress? FirstExternalIPv4() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
        .SelectMany(n => n.GetIPProperties().UnicastAddresses)
        .Select(a => a.Address)
        .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
