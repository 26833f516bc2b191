using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Parley.Server.Signaling;
using Parley.Server.Tls;
using Parley.Server.Turn;
using Parley.Turn;

namespace Parley.Server.Connections;

/// <summary>
/// Sets up every web address Parley listens on: the connection guard in front, then Parley's TLS and the TURN
/// demultiplexer on the https:// ports; behind them the signaling socket below HTTP when signaling is on; and Kestrel's
/// connection limits from the descriptor budget.
/// </summary>
internal sealed partial class ListenerSetup(
    TlsEndpoints tls,
    WebConnectionLimits limits,
    IOptions<ConnectionLimitsOptions> options,
    IOptions<EmbeddedTurnOptions> embeddedTurn,
    IConfiguration configuration,
    IServiceProvider services,
    ILogger<ListenerSetup> logger) : IConfigureOptions<KestrelServerOptions>
{
    // Below this many descriptors to share, TURN and the web app could not serve even a few calls.
    private const int MinimumShared = 256;

    public void Configure(KestrelServerOptions kestrel)
    {
        var httpsPorts = tls.Ports();
        kestrel.Limits.RequestHeadersTimeout = options.Value.RequestHeadersTimeout;
        ApplyBudget(kestrel.Limits);
        // Resolved once Kestrel builds the connection pipeline: the signaling services depend on the server itself.
        Func<DirectSignaling>? signaling = null;
        if (services.GetService<WebSocketBudget>() is { } webSockets)
        {
            webSockets.Limit = kestrel.Limits.MaxConcurrentUpgradedConnections;
            signaling = services.GetRequiredService<DirectSignaling>;
        }

        kestrel.ConfigureEndpointDefaults(listen =>
        {
            bool parleyTls = listen.IPEndPoint is { } endPoint && httpsPorts.Contains(endPoint.Port);
            listen.Use(next => new ConnectionGuard(next, limits, parleyTls).OnConnectionAsync);
            if (parleyTls)
            {
                tls.Add(listen);
            }

            if (signaling is not null)
            {
                DirectSignaling.Add(listen, signaling, kestrel.Limits);
            }
        });
    }

    private void ApplyBudget(KestrelServerLimits kestrel)
    {
        // TURN's limits as configured, before the budget lowered them (see ConnectionLimitsServiceCollectionExtensions).
        var configuredTurn = embeddedTurn.Value.Enabled
            ? configuration.GetSection(EmbeddedTurnOptions.SectionName).Get<TurnServerOptions>() ?? new TurnServerOptions()
            : null;
        var budget = DescriptorBudget.For(options.Value, configuredTurn);
        if (budget is not null && budget.Limit - budget.Reserved < MinimumShared)
        {
            throw new OptionsValidationException(ConnectionLimitsOptions.SectionName, typeof(ConnectionLimitsOptions),
                [$"The process may open {budget.Limit} files, fewer than Connections:ReservedDescriptors ({budget.Reserved}) + {MinimumShared}: raise the limit (ulimit -n, systemd LimitNOFILE) or lower Connections:ReservedDescriptors."]);
        }

        kestrel.MaxConcurrentConnections = options.Value.MaxConnections ?? budget?.WebConnections;
        kestrel.MaxConcurrentUpgradedConnections = options.Value.MaxUpgradedConnections ?? budget?.WebUpgraded;
        if (budget is null)
        {
            LogNoBudget(logger);
            return;
        }

        LogBudget(logger, budget.Limit, budget.Reserved, budget.TurnStreams, budget.TurnAllocations, budget.RelaySocketsPerAllocation,
            kestrel.MaxConcurrentConnections, kestrel.MaxConcurrentUpgradedConnections);
        if (configuredTurn is not null && (budget.TurnStreams < configuredTurn.MaxTcpConnections || budget.TurnAllocations < configuredTurn.MaxAllocations))
        {
            LogTurnLowered(logger, budget.Limit, configuredTurn.MaxTcpConnections, budget.TurnStreams, configuredTurn.MaxAllocations, budget.TurnAllocations);
        }
    }

    [LoggerMessage(93, LogLevel.Information, "File descriptors: {Limit}, of which {Reserved} reserved; TURN: {TurnStreams} TCP/TLS clients and {TurnAllocations} allocations of {RelaySockets} relay socket(s); web: {WebConnections} connections and {WebUpgraded} WebSockets", EventName = "DescriptorBudget")]
    private static partial void LogBudget(ILogger logger, long limit, int reserved, int turnStreams, int turnAllocations, int relaySockets, long? webConnections, long? webUpgraded);

    [LoggerMessage(94, LogLevel.Warning, "The process may open {Limit} files, too few for the TURN limits as configured: Turn:MaxTcpConnections is lowered from {ConfiguredStreams} to {Streams} and Turn:MaxAllocations from {ConfiguredAllocations} to {Allocations}, so that TURN holds at most half of them. Raise the limit (ulimit -n, systemd LimitNOFILE) to keep them", EventName = "TurnLimitsLowered")]
    private static partial void LogTurnLowered(ILogger logger, long limit, int configuredStreams, int streams, int configuredAllocations, int allocations);

    [LoggerMessage(95, LogLevel.Information, "The process's file descriptor limit is unknown or unlimited: Kestrel's connections are limited only by Connections:MaxConnections and Connections:MaxUpgradedConnections", EventName = "NoDescriptorBudget")]
    private static partial void LogNoBudget(ILogger logger);
}
