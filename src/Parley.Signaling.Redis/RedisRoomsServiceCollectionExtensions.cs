using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Parley.Signaling.Rooms;
using Parley.Signaling.Seats;
using Parley.Signaling.Sockets;
using StackExchange.Redis;

namespace Parley.Signaling.Redis;

public static class RedisRoomsServiceCollectionExtensions
{
    /// <summary>
    /// Shares rooms between Parley nodes through Redis: registers <see cref="RedisRoomRegistry"/> as the
    /// <see cref="IRoomRegistry"/> (replacing the in-memory one, so it may be called before or after
    /// <c>AddParleySignaling</c>) and as the <see cref="IRoomPresence"/>; <see cref="RedisPresenceService"/>, which
    /// heartbeats and reaps dead nodes; <see cref="RedisSocketRelay"/>, which carries events to the connections
    /// of other nodes; and <see cref="RedisSeatReleases"/>, which tells every node of a freed seat. All share one connection.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Settings come from the <c>Redis</c> section (<see cref="RedisRoomRegistryOptions"/>): <c>Redis:Configuration</c>
    /// is a StackExchange.Redis configuration string, <c>Redis:KeyPrefix</c> (default <c>parley:</c>) namespaces the
    /// keys and channels, and <c>HeartbeatInterval</c>, <c>PresenceTimeout</c>, <c>OperationTimeout</c>,
    /// <c>NodeName</c> and <c>ReapBatchSize</c> are optional.
    /// </para>
    /// <para>
    /// An <see cref="IConnectionMultiplexer"/> registered before this call is used as it is. Otherwise one is opened
    /// from <c>Redis:Configuration</c> with <c>abortConnect=false</c> (the node starts while Redis is down, and
    /// reconnects by itself) and <see cref="RedisRoomRegistryOptions.OperationTimeout"/> as its connect and command
    /// timeouts, unless the configuration string sets them. While Redis is unreachable, registry calls throw
    /// StackExchange.Redis exceptions within those timeouts; the signaling socket answers them <c>server-error</c>.
    /// </para>
    /// <para>
    /// Typical host:
    /// <code>
    /// if (RedisRoomRegistryOptions.IsConfigured(builder.Configuration))
    /// {
    ///     builder.Services.AddParleyRedisRooms(builder.Configuration);
    /// }
    /// builder.Services.AddParleySignaling(builder.Configuration);
    /// </code>
    /// </para>
    /// </remarks>
    public static IServiceCollection AddParleyRedisRooms(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddClosedOptions<RedisRoomRegistryOptions>()
            .Bind(configuration.GetSection(RedisRoomRegistryOptions.SectionName))
            .Validate(o => o.PresenceTimeout > o.HeartbeatInterval, "Redis:PresenceTimeout must be longer than Redis:HeartbeatInterval.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisRoomRegistryOptions>, RedisRoomRegistryOptionsValidator>();
        services.AddClosedLogger<RedisPresenceService>()
            .AddClosedLogger<RedisSeatReleases>()
            .AddClosedLogger<RedisSocketRelay>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IConnectionMultiplexer>(static provider =>
            ConnectionMultiplexer.Connect(CreateConfiguration(provider.GetRequiredService<IOptions<RedisRoomRegistryOptions>>().Value)));
        services.TryAddSingleton<RedisRoomRegistry>();
        services.Replace(ServiceDescriptor.Singleton<IRoomRegistry>(static provider => provider.GetRequiredService<RedisRoomRegistry>()));
        services.Replace(ServiceDescriptor.Singleton<IRoomPresence>(static provider => provider.GetRequiredService<RedisRoomRegistry>()));
        services.Replace(ServiceDescriptor.Singleton(static provider => new ThisNode(provider.GetRequiredService<RedisRoomRegistry>().NodeId)));
        services.AddHostedService<RedisPresenceService>();
        services.TryAddSingleton<RedisSocketRelay>();
        services.Replace(ServiceDescriptor.Singleton<ISocketRelay>(static provider => provider.GetRequiredService<RedisSocketRelay>()));
        services.AddHostedService(static provider => provider.GetRequiredService<RedisSocketRelay>());
        services.TryAddSingleton<RedisSeatReleases>();
        services.Replace(ServiceDescriptor.Singleton<ISeatReleases>(static provider => provider.GetRequiredService<RedisSeatReleases>()));
        services.AddHostedService(static provider => provider.GetRequiredService<RedisSeatReleases>());
        return services;
    }

    /// <summary>
    /// The multiplexer's settings: <paramref name="options"/>' configuration string over Parley's defaults
    /// (fail fast, connect in the background).
    /// </summary>
    public static ConfigurationOptions CreateConfiguration(RedisRoomRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            throw new InvalidOperationException(
                $"{RedisRoomRegistryOptions.SectionName}:{nameof(RedisRoomRegistryOptions.Configuration)} is required for the Redis room registry.");
        }

        var timeout = (int)Math.Ceiling(options.OperationTimeout.TotalMilliseconds);

        // Later settings in a configuration string win, so the operator's own string goes last.
        return ConfigurationOptions.Parse(
            $"abortConnect=false,connectTimeout={timeout},asyncTimeout={timeout},syncTimeout={timeout},{options.Configuration}");
    }
}
