using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Parley.Turn;

namespace Parley.Server.Turn;

/// <summary>
/// Runs Parley's own STUN/TURN server inside the host, started and stopped with it, and tells the ICE
/// configuration where it listens and which secret signs its credentials.
/// </summary>
public sealed partial class EmbeddedTurn(
    IOptions<EmbeddedTurnOptions> options,
    IOptions<TurnServerOptions> turnOptions,
    ILoggerFactory loggerFactory,
    TimeProvider time,
    IMeterFactory meters,
    ILogger<EmbeddedTurn> logger) : IHostedService, IAsyncDisposable
{
    private TurnServer? _server;

    /// <summary>Where browsers reach the running server, or null while it is not running.</summary>
    public EmbeddedTurnEndpoints? Endpoints { get; private set; }

    /// <summary>The running server, for transports the host accepts itself (TURN over TLS), or null.</summary>
    internal TurnServer? Server => Endpoints is null ? null : _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        var effective = turnOptions.Value;
        _server = new TurnServer(effective, loggerFactory, time, meters, new DiagnosticProbe(options.Value.ProbeBandwidth));
        await _server.StartAsync(cancellationToken);
        var udp = _server.UdpEndPoints;
        var tcp = _server.TcpEndPoints;
        Endpoints = new EmbeddedTurnEndpoints(
            udp.Count > 0 ? udp[0].Port : null,
            tcp.Count > 0 ? tcp[0].Port : null,
            effective.SharedSecrets[0]);
        LogStarted(logger, string.Join(", ", udp), string.Join(", ", tcp), string.Join(", ", effective.AllowedPeerAddresses));
    }

    /// <summary>Relays one packet through the running server and back (see <see cref="TurnSelfTest"/>).</summary>
    public Task<TurnSelfTestResult> SelfTestAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _server is { } server && Endpoints is not null
            ? TurnSelfTest.RunAsync(server, timeout, cancellationToken)
            : Task.FromResult(new TurnSelfTestResult(false, "the TURN server is not running", TimeSpan.Zero));

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Endpoints = null;
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [LoggerMessage(30, LogLevel.Information, "STUN/TURN listening on UDP {Udp} and TCP {Tcp}; peers allowed despite the deny list: [{Allowed}].", EventName = "TurnStarted")]
    private static partial void LogStarted(ILogger logger, string udp, string tcp, string allowed);

    [LoggerMessage(31, LogLevel.Information, "The embedded STUN/TURN server is switched off (Turn:Enabled=false).", EventName = "TurnDisabled")]
    private static partial void LogDisabled(ILogger logger);
}

/// <summary>The ports of the running embedded server (null when that transport is off) and its signing secret.</summary>
public sealed record EmbeddedTurnEndpoints(int? UdpPort, int? TcpPort, string SharedSecret);
