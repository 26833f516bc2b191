using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Parley.Signaling;
using Parley.Turn;

namespace Parley.Server.Connections;

public static class ConnectionLimitsServiceCollectionExtensions
{
    /// <summary>
    /// Guards every web address with the per-address limits and deadlines of configuration section <c>Connections</c>,
    /// and shares the process's file descriptors between the web app and TURN. Call after <c>AddEmbeddedTurn</c> and
    /// <c>AddParleyTls</c>.
    /// </summary>
    public static IServiceCollection AddParleyConnectionLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddClosedOptions<ConnectionLimitsOptions>()
            .Bind(configuration.GetSection(ConnectionLimitsOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConnectionLimitsOptions>, ConnectionLimitsOptionsValidator>();

        // TURN's limits, lowered when the process has too few descriptors for them and everything else.
        services.AddClosedOptions<TurnServerOptions>().PostConfigure<IOptions<ConnectionLimitsOptions>>((turn, limits) =>
        {
            if (DescriptorBudget.For(limits.Value, turn) is { } budget)
            {
                turn.MaxTcpConnections = budget.TurnStreams;
                turn.MaxAllocations = budget.TurnAllocations;
            }
        });

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ConnectionMetrics>();
        services.AddSingleton<WebConnectionLimits>();
        services.AddClosedLogger<WebConnectionLimits>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, ListenerSetup>();
        services.AddClosedLogger<ListenerSetup>();
        return services;
    }
}
