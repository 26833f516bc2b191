using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Parley.Signaling.Redis.Tests.TestUtils;
using Parley.Signaling.Rooms;
using Parley.Signaling.Sockets;
using StackExchange.Redis;

namespace Parley.Signaling.Redis.Tests;

[Collection(RedisServerGroup.Name)]
public sealed class ServiceCollectionTests(RedisFixture redis)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AddParleyRedisRooms_ReplacesTheInMemoryRegistry_AndAddsTheRelay_BeforeOrAfterAddParleySignaling(bool redisFirst)
    {
        var prefix = RegistryNode.NewPrefix();
        var configuration = Configuration(new()
        {
            ["Redis:Configuration"] = redis.Server.Endpoint,
            ["Redis:KeyPrefix"] = prefix,
        });
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddConfiguration(configuration);
        var services = builder.Services.AddLogging();
        if (redisFirst)
        {
            services.AddParleyRedisRooms(configuration).AddParleySignaling(configuration);
        }
        else
        {
            services.AddParleySignaling(configuration).AddParleyRedisRooms(configuration);
        }

        // Development: the container validates every registration as it is built.
        using var host = builder.Build();
        var provider = host.Services;

        var registry = Assert.IsType<RedisRoomRegistry>(provider.GetRequiredService<IRoomRegistry>());
        Assert.Same(registry, provider.GetRequiredService<IRoomPresence>());
        Assert.Single(provider.GetServices<IRoomRegistry>());
        Assert.Single(provider.GetServices<IHostedService>().OfType<RedisPresenceService>());
        var relay = Assert.IsType<RedisSocketRelay>(provider.GetRequiredService<ISocketRelay>());
        Assert.Same(relay, Assert.Single(provider.GetServices<IHostedService>().OfType<RedisSocketRelay>()));
        Assert.Equal(registry.NodeId, provider.GetRequiredService<ThisNode>().Id);

        var outcome = await registry.JoinAsync(new JoinRequest("room", "Alice", "c1", null, 2));
        Assert.Equal(JoinStatus.Joined, outcome.Status);
        Assert.Contains($"{prefix}room:room", await redis.KeysAsync(prefix));
    }

    [Fact]
    public async Task AMultiplexerRegisteredByTheHost_IsUsedAsItIs()
    {
        await using var own = await ConnectionMultiplexer.ConnectAsync(redis.Server.Endpoint);
        var services = new ServiceCollection().AddLogging().AddSingleton<IConnectionMultiplexer>(own);
        services.AddParleyRedisRooms(Configuration(new() { ["Redis:KeyPrefix"] = RegistryNode.NewPrefix() }));

        await using var provider = services.BuildServiceProvider();

        Assert.Same(own, provider.GetRequiredService<IConnectionMultiplexer>());
        Assert.IsType<RedisRoomRegistry>(provider.GetRequiredService<IRoomRegistry>());
    }

    [Fact]
    public void TheOptions_HaveTheDocumentedDefaults()
    {
        var options = Options(new());

        Assert.Equal("parley:", options.KeyPrefix);
        Assert.Equal(TimeSpan.FromSeconds(5), options.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(15), options.PresenceTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), options.OperationTimeout);
        Assert.Null(options.NodeName);
    }

    [Fact]
    public void TheOptions_BindFromTheRedisSection()
    {
        var options = Options(new()
        {
            ["Redis:Configuration"] = "cache:6380",
            ["Redis:KeyPrefix"] = "blue:",
            ["Redis:NodeName"] = "edge-1",
            ["Redis:HeartbeatInterval"] = "00:00:02",
            ["Redis:PresenceTimeout"] = "00:00:07",
        });

        Assert.Equal(("cache:6380", "blue:", "edge-1"), (options.Configuration, options.KeyPrefix, options.NodeName));
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(7)), (options.HeartbeatInterval, options.PresenceTimeout));
    }

    [Fact]
    public void APresenceTimeoutNoLongerThanTheHeartbeat_IsRejected()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new()
        {
            ["Redis:HeartbeatInterval"] = "00:00:05",
            ["Redis:PresenceTimeout"] = "00:00:05",
        }));

        Assert.Contains("PresenceTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheConfigurationString_WinsOverTheDefaultTimeouts()
    {
        var defaults = RedisRoomsServiceCollectionExtensions.CreateConfiguration(
            new RedisRoomRegistryOptions { Configuration = "cache:6380,password=secret" });
        var own = RedisRoomsServiceCollectionExtensions.CreateConfiguration(
            new RedisRoomRegistryOptions { Configuration = "cache:6380,asyncTimeout=250,abortConnect=true" });

        Assert.Equal((2000, 2000, 2000, false), (defaults.ConnectTimeout, defaults.AsyncTimeout, defaults.SyncTimeout, defaults.AbortOnConnectFail));
        Assert.Equal("secret", defaults.Password);
        Assert.EndsWith("cache:6380", Assert.Single(defaults.EndPoints).ToString(), StringComparison.Ordinal);
        Assert.Equal((250, true), (own.AsyncTimeout, own.AbortOnConnectFail));
        Assert.Throws<InvalidOperationException>(() =>
            RedisRoomsServiceCollectionExtensions.CreateConfiguration(new RedisRoomRegistryOptions()));
    }

    [Fact]
    public void EveryRegistry_IsItsOwnNode_NamedAfterTheConfiguredName()
    {
        var connection = (IConnectionMultiplexer)null!;
        var options = Microsoft.Extensions.Options.Options.Create(new RedisRoomRegistryOptions { NodeName = "edge-1" });
        Assert.Throws<ArgumentNullException>(() => new RedisRoomRegistry(connection, options));

        var first = new RedisRoomRegistry(redis.Admin, options);
        var second = new RedisRoomRegistry(redis.Admin, options);
        var unnamed = new RedisRoomRegistry(redis.Admin, Microsoft.Extensions.Options.Options.Create(new RedisRoomRegistryOptions()));

        Assert.StartsWith("edge-1-", first.NodeId, StringComparison.Ordinal);
        Assert.NotEqual(first.NodeId, second.NodeId);
        Assert.StartsWith(Environment.MachineName + "-", unnamed.NodeId, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static RedisRoomRegistryOptions Options(Dictionary<string, string?> values)
    {
        using var provider = new ServiceCollection().AddLogging().AddParleyRedisRooms(Configuration(values)).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RedisRoomRegistryOptions>>().Value;
    }
}
