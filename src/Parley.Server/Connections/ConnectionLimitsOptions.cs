using System.ComponentModel.DataAnnotations;

namespace Parley.Server.Connections;

/// <summary>
/// Configuration section <c>Connections</c>: what a connection to Parley's web addresses (HTTP, HTTPS with WSS
/// signaling and TURN over TLS) may hold before it has said anything, and how the process's file descriptors are
/// shared between the web app and TURN.
/// </summary>
public sealed class ConnectionLimitsOptions
{
    public const string SectionName = "Connections";

    /// <summary>From accepting a connection on an https:// address of Parley's until its TLS handshake is done.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// From accepting a connection (or, with TLS, from the end of the handshake) until its first bytes arrive: with TLS,
    /// enough of them to tell STUN from HTTP. Then <see cref="RequestHeadersTimeout"/> or TURN's own deadline applies.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan FirstBytesTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Kestrel's limit on receiving a request's headers, once its first byte has come. Default 30 s, Kestrel's own.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Open connections per client IPv4 address or IPv6 /64. Default 500: some seventy browsers behind one NAT address,
    /// each with its six HTTP/1.1 connections and a WebSocket. A reverse proxy on the same machine is one address: raise it there.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxPerAddress { get; set; } = 500;

    /// <summary>Of those, connections that have not yet sent their first bytes (or finished their TLS handshake).</summary>
    [Range(1, int.MaxValue)]
    public int MaxIdlePerAddress { get; set; } = 64;

    /// <summary>
    /// Kestrel's limit on open connections (upgraded ones aside), TURN over TLS included. Default: half of the
    /// descriptors the budget leaves to the web app (see <see cref="DescriptorBudget"/>); none when the process's limit is unknown.
    /// </summary>
    [Range(1L, long.MaxValue)]
    public long? MaxConnections { get; set; }

    /// <summary>Kestrel's limit on upgraded (WebSocket) connections. Default: the other half of the web app's descriptors.</summary>
    [Range(1L, long.MaxValue)]
    public long? MaxUpgradedConnections { get; set; }

    /// <summary>The descriptors the process may open. Default: its RLIMIT_NOFILE (<c>ulimit -n</c>, systemd's <c>LimitNOFILE</c>).</summary>
    [Range(1L, long.MaxValue)]
    public long? DescriptorLimit { get; set; }

    /// <summary>Descriptors kept out of the budget for everything else: Redis, logs, listeners, pollers, files, DNS.</summary>
    [Range(0, int.MaxValue)]
    public int ReservedDescriptors { get; set; } = 512;
}
