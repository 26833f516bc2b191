using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Parley.Signaling.Abuse;
using Parley.Signaling.IceServers;
using Parley.Signaling.Rooms;
using Parley.Signaling.Seats;

namespace Parley.Signaling;

public static class SignalingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the signaling protocol with its limits and drain, the in-memory room registry and the configured ICE
    /// servers. Registrations made before this call (a shared room registry, an ICE provider with TURN credentials) win.
    /// </summary>
    public static IServiceCollection AddParleySignaling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SignalingOptions>()
            .Bind(configuration.GetSection(SignalingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<IceOptions>()
            .Bind(configuration.GetSection(IceOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddOptions<AbuseOptions>()
            .Bind(configuration.GetSection(AbuseOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ClientAddressTracker>();
        services.TryAddSingleton<SignalingMetrics>();
        services.TryAddSingleton<ThisNode>();
        services.TryAddSingleton<ConnectionRegistry>();
        services.TryAddSingleton<SignalingDrain>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SignalingDrain>(static provider => provider.GetRequiredService<SignalingDrain>()));
        services.TryAddSingleton<CallLimits>();
        services.TryAddSingleton<SignalingClients>();
        services.TryAddSingleton<SignalingProtocol>();
        services.TryAddSingleton<IRoomRegistry, InMemoryRoomRegistry>();
        services.TryAddSingleton<ReconnectGrace>();
        services.TryAddSingleton<ISeatReleases, LocalSeatReleases>();
        services.TryAddSingleton<IceServerRenewal>();
        services.TryAddSingleton<IIceServerProvider, ConfiguredIceServerProvider>();
        return services;
    }
}
