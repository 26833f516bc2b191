using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Parley.Server.Tls;
using Parley.Signaling.Contracts;
using Parley.Signaling.IceServers;
using Parley.Turn.Auth;

namespace Parley.Server.Turn;

/// <summary>
/// The ICE servers a seat gets: Parley's own STUN and TURN (UDP, TCP, and TLS on the HTTPS port as the last
/// resort) with REST credentials of the seat's grant, named by the host the browser reached Parley by unless a public
/// host is configured, then the configured ones.
/// </summary>
public sealed class EmbeddedTurnIceServerProvider(
    EmbeddedTurn turn,
    ConfiguredIceServerProvider configured,
    IOptions<EmbeddedTurnOptions> options,
    IOptions<TlsOptions> tls,
    IServer server,
    TimeProvider time) : IIceServerProvider
{
    private int? _tlsPort;

    public IReadOnlyList<IceServer> GetIceServers(string grant, string? requestHost)
    {
        var others = configured.GetIceServers(grant, requestHost);
        if (turn.Endpoints is not { } endpoints)
        {
            return others;
        }

        var servers = Embedded(endpoints, grant, options.Value.CredentialLifetime, requestHost, int.MaxValue);
        servers.AddRange(others);
        return servers;
    }

    /// <summary>
    /// The embedded STUN server and the first of its TURN URLs (one relay per end of a relay test), with a
    /// <see cref="DiagnosticProbe"/> credential; empty while the embedded server is not running.
    /// </summary>
    public IReadOnlyList<IceServer> GetProbeServers(string? requestHost) =>
        turn.Endpoints is { } endpoints ? Embedded(endpoints, DiagnosticProbe.NewGrant(), DiagnosticProbe.Lifetime, requestHost, 1) : [];

    private List<IceServer> Embedded(EmbeddedTurnEndpoints endpoints, string grant, TimeSpan lifetime, string? requestHost, int maxTurnUrls)
    {
        var host = UrlHost(options.Value.PublicHost ?? requestHost ?? "127.0.0.1");
        var servers = new List<IceServer>(2);
        var turnUrls = new List<string>(3);
        if (endpoints.UdpPort is { } udp)
        {
            servers.Add(new IceServer([$"stun:{host}:{udp}"]));
            turnUrls.Add($"turn:{host}:{udp}?transport=udp");
        }

        if (endpoints.TcpPort is { } tcp)
        {
            turnUrls.Add($"turn:{host}:{tcp}?transport=tcp");
        }

        if (TlsPort() is { } tlsPort)
        {
            // RFC 7065 §3.1: turns: is TURN over TLS; browsers only use TLS over TCP.
            turnUrls.Add($"turns:{host}:{tlsPort}?transport=tcp");
        }

        if (turnUrls.Count > 0)
        {
            var credential = TurnRestCredentials.Create(endpoints.SharedSecret, grant, lifetime, time);
            servers.Add(new IceServer([.. turnUrls.Take(maxTurnUrls)], credential.Username, credential.Credential));
        }

        return servers;
    }

    /// <summary>The port of the first https:// address Kestrel bound, where TURN over TLS shares the port with HTTPS.</summary>
    private int? TlsPort()
    {
        if (!tls.Value.IsEnabled)
        {
            return null;
        }

        if (_tlsPort is null)
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var https = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
            if (https is not null && Uri.TryCreate(https, UriKind.Absolute, out var uri))
            {
                _tlsPort = uri.Port;
            }
        }

        return _tlsPort;
    }

    // RFC 7065 §3.1: an IPv6 literal in a turn: URI sits in brackets.
    private static string UrlHost(string host) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
}
