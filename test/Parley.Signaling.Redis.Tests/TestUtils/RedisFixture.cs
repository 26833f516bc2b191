using StackExchange.Redis;

namespace Parley.Signaling.Redis.Tests.TestUtils;

/// <summary>One private redis-server shared by the tests of the <c>redis</c> collection; each test uses its own key prefix.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    /// <summary>An admin connection for looking at what the registry left in Redis.</summary>
    public ConnectionMultiplexer Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await RedisServer.StartNewAsync();
        Admin = await ConnectionMultiplexer.ConnectAsync($"{Server.Endpoint},allowAdmin=true");
    }

    public async Task DisposeAsync()
    {
        await Admin.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>Every key under <paramref name="prefix"/>.</summary>
    public async Task<List<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var key in Admin.GetServer(Server.Endpoint).KeysAsync(pattern: prefix + "*"))
        {
            keys.Add(key.ToString());
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}

[CollectionDefinition(Name)]
public sealed class RedisServerGroup : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis";
}
