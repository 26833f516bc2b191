using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Parley.Signaling.Abuse;
using Parley.Signaling.Contracts;
using Parley.Signaling.IceServers;
using Parley.Signaling.Rooms;
using Parley.Signaling.Sockets;

namespace Parley.Signaling;

public static class SignalingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the signaling protocol, its hub and socket with their limits, the in-memory room registry and the configured ICE servers.
    /// Registrations made before this call (a shared room registry, an ICE provider with TURN credentials) win.
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
        services.TryAddSingleton<SignalingDrain>();
        services.TryAddSingleton<CallLimits>();
        services.TryAddSingleton<AbuseHubFilter>();
        services.TryAddSingleton<ThisNode>();
        services.TryAddSingleton<SocketConnections>();
        services.TryAddSingleton<SignalingClients>();
        services.TryAddSingleton<SignalingProtocol>();
        services.TryAddSingleton<IRoomRegistry, InMemoryRoomRegistry>();
        services.TryAddSingleton<ReconnectGrace>();
        services.TryAddSingleton<IIceServerProvider, ConfiguredIceServerProvider>();

        services.AddSignalR().AddHubOptions<SignalingHub>(hub =>
        {
            hub.MaximumReceiveMessageSize = SignalingLimits.MaxHubMessageBytes;
            hub.EnableDetailedErrors = false;
            hub.MaximumParallelInvocationsPerClient = 1;
            hub.HandshakeTimeout = TimeSpan.FromSeconds(10);
            hub.KeepAliveInterval = TimeSpan.FromSeconds(15);
            hub.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
            hub.AddFilter<AbuseHubFilter>();
        });
        return services;
    }
}
