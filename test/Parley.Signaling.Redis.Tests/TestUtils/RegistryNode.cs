using StackExchange.Redis;

namespace Parley.Signaling.Redis.Tests.TestUtils;

/// <summary>One Parley "node": its own multiplexer and registry, as a separate process would have.</summary>
public sealed class RegistryNode : IAsyncDisposable
{
    private RegistryNode(ConnectionMultiplexer connection, RedisRoomRegistryOptions options)
    {
        Connection = connection;
        Options = options;
        Registry = new RedisRoomRegistry(connection, Microsoft.Extensions.Options.Options.Create(options));
    }

    public ConnectionMultiplexer Connection { get; }

    public RedisRoomRegistryOptions Options { get; }

    public RedisRoomRegistry Registry { get; }

    /// <summary>A short test prefix, unique per call, so tests sharing a server never see each other's keys.</summary>
    public static string NewPrefix() => $"t{Guid.NewGuid():N}"[..13] + ":";

    public static async Task<RegistryNode> ConnectAsync(
        RedisServer server, string prefix, string name = "node", Action<RedisRoomRegistryOptions>? configure = null, int timeoutMs = 1000)
    {
        var options = new RedisRoomRegistryOptions
        {
            Configuration = $"{server.Endpoint},connectTimeout={timeoutMs}",
            KeyPrefix = prefix,
            NodeName = name,
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            PresenceTimeout = TimeSpan.FromSeconds(1),
            OperationTimeout = TimeSpan.FromMilliseconds(timeoutMs),
        };
        configure?.Invoke(options);
        var configuration = RedisRoomsServiceCollectionExtensions.CreateConfiguration(options);
        configuration.ReconnectRetryPolicy = new LinearRetry(200);
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration);

        // With abortConnect=false a slow first connect (a loaded CI machine) returns unconnected: wait for it here.
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (!connection.IsConnected)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(15))
            {
                await connection.DisposeAsync();
                throw new TimeoutException($"No connection to {server.Endpoint}.");
            }

            await Task.Delay(20);
        }

        return new RegistryNode(connection, options);
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
