using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Options;
using Parley.Signaling.Redis;
using StackExchange.Redis;

namespace Parley.Server.ScaleOut;

/// <summary>
/// With <c>Redis:Configuration</c> set, Parley nodes share rooms through Redis: the Redis room registry seats peers
/// atomically across nodes; the socket relay (for the web app's signaling sockets) and SignalR's Redis backplane
/// (for hub connections) carry <c>Ready</c>, <c>Data</c> and <c>PeerLeft</c> to peers on other nodes. All use one
/// connection. Without it, nothing changes: rooms live in this process.
/// </summary>
public static class RedisScaleOut
{
    public static IServiceCollection AddRedisScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        var redis = configuration.GetSection(RedisRoomRegistryOptions.SectionName);
        if (string.IsNullOrWhiteSpace(redis[nameof(RedisRoomRegistryOptions.Configuration)]))
        {
            return services;
        }

        services.AddParleyRedisRooms(configuration);
        services.AddParleyRedisSocketRelay();
        services.AddSignalR().AddStackExchangeRedis();
        services.AddOptions<RedisOptions>().Configure<IServiceProvider, IOptions<RedisRoomRegistryOptions>>((backplane, provider, rooms) =>
        {
            // One channel prefix per deployment, the same one that namespaces its keys, so deployments sharing
            // a Redis never hear each other.
            backplane.Configuration.ChannelPrefix = RedisChannel.Literal(rooms.Value.KeyPrefix + "signalr:");
            backplane.ConnectionFactory = _ => Task.FromResult(provider.GetRequiredService<IConnectionMultiplexer>());
        });
        return services;
    }
}
