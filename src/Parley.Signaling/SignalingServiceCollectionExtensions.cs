using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Signaling.Abuse;
using Parley.Signaling.Contracts;
using Parley.Signaling.IceServers;
using Parley.Signaling.Rooms;
using Parley.Signaling.Seats;
using Parley.Signaling.Sockets;

namespace Parley.Signaling;

public static class SignalingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the signaling protocol with its limits and drain, the in-memory room registry and the configured ICE
    /// servers. Registrations made before this call (a shared room registry, an ICE provider with TURN credentials) win.
    /// </summary>
    public static IServiceCollection AddParleySignaling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddClosedOptions<SignalingOptions>()
            .Bind(configuration.GetSection(SignalingOptions.SectionName))
            .ValidateOnStart();
        services.AddClosedOptions<IceOptions>()
            .Bind(configuration.GetSection(IceOptions.SectionName))
            .ValidateOnStart();

        services.AddClosedOptions<AbuseOptions>()
            .Bind(configuration.GetSection(AbuseOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SignalingOptions>, SignalingOptionsValidator>();
        services.AddSingleton<IValidateOptions<IceOptions>, IceOptionsValidator>();
        services.AddSingleton<IValidateOptions<AbuseOptions>, AbuseOptionsValidator>();
        services.AddClosedLogger<SignalingProtocol>()
            .AddClosedLogger<SignalingSocket>()
            .AddClosedLogger<CallLimits>()
            .AddClosedLogger<IceServerRenewal>()
            .AddClosedLogger<ReconnectGrace>()
            .AddClosedLogger<SignalingDrain>();

        // HTTP bodies (GET /api/ice-servers) use the contracts' generated JSON, as the socket does.
        services.ConfigureHttpJsonOptions(static json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SignalingJsonContext.Default));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ClientAddressTracker>();
        services.TryAddSingleton<SignalingMetrics>();
        services.TryAddSingleton<ThisNode>();
        services.TryAddSingleton<ConnectionRegistry>();
        services.TryAddSingleton<SignalingDrain>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SignalingDrain>(static provider => provider.GetRequiredService<SignalingDrain>()));
        services.TryAddSingleton<CallLimits>();
        services.TryAddSingleton(static provider => new AcceptedSockets(provider.GetRequiredService<ConnectionRegistry>(),
            provider.GetRequiredService<SignalingProtocol>(), provider.GetRequiredService<CallLimits>(), provider.GetRequiredService<ILogger<SignalingSocket>>()));
        services.TryAddSingleton<PasscodeGate>();
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
