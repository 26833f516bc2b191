using Microsoft.Extensions.Options;
using Parley.Signaling.Contracts;
using Parley.Signaling.IceServers;
using Parley.Turn.Auth;

namespace Parley.Server.Turn;

/// <summary>
/// The ICE servers a browser gets: Parley's own STUN and TURN (UDP and TCP) with short-lived REST credentials,
/// named by the host the browser reached Parley by unless a public host is configured, then the configured ones.
/// </summary>
public sealed class EmbeddedTurnIceServerProvider(
    EmbeddedTurn turn,
    ConfiguredIceServerProvider configured,
    IOptions<EmbeddedTurnOptions> options,
    TimeProvider time) : IIceServerProvider
{
    public IReadOnlyList<IceServer> GetIceServers(string subject, string? requestHost)
    {
        var others = configured.GetIceServers(subject, requestHost);
        if (turn.Endpoints is not { } endpoints)
        {
            return others;
        }

        var host = UrlHost(options.Value.PublicHost ?? requestHost ?? "127.0.0.1");
        var servers = new List<IceServer>(others.Count + 2);
        var turnUrls = new List<string>(2);
        if (endpoints.UdpPort is { } udp)
        {
            servers.Add(new IceServer([$"stun:{host}:{udp}"]));
            turnUrls.Add($"turn:{host}:{udp}?transport=udp");
        }

        if (endpoints.TcpPort is { } tcp)
        {
            turnUrls.Add($"turn:{host}:{tcp}?transport=tcp");
        }

        var credential = TurnRestCredentials.Create(endpoints.SharedSecret, subject, options.Value.CredentialLifetime, time);
        servers.Add(new IceServer(turnUrls, credential.Username, credential.Credential));
        servers.AddRange(others);
        return servers;
    }

    // RFC 7065 §3.1: an IPv6 literal in a turn: URI sits in brackets.
    private static string UrlHost(string host) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
}
