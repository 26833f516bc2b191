using System.Net;
using Parley.Server.Tests.TestUtils;

namespace Parley.Server.Tests;

/// <summary>A scaled-out node reports a Redis outage in /readyz and recovers by itself when Redis is back.</summary>
public sealed class RedisReadinessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RedisOutage_MakesReadyz503NamingRedis_AndReadinessReturnsWithRedis()
    {
        await using var redis = await RedisServer.StartNewAsync();
        var node = new ParleyServer("--Redis:Configuration", redis.Endpoint, "--Redis:KeyPrefix", "readiness-test:");
        await node.InitializeAsync();
        try
        {
            Assert.Equal("Healthy", (await WaitForAsync(node, HttpStatusCode.OK)).Checks["redis"]);

            redis.Kill();
            var outage = await WaitForAsync(node, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", outage.Checks["redis"]);
            Assert.Equal("Healthy", outage.Checks["turn"]);

            await redis.StartAsync();
            Assert.Equal("Healthy", (await WaitForAsync(node, HttpStatusCode.OK)).Checks["redis"]);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    private static async Task<(HttpStatusCode Status, Dictionary<string, string> Checks)> WaitForAsync(ParleyServer node, HttpStatusCode wanted)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var readiness = await OperationsTests.ReadinessAsync(node.BaseAddress);
            if (readiness.Status == wanted)
            {
                return readiness;
            }

            Assert.True(DateTime.UtcNow < deadline,
                $"/readyz stayed {readiness.Status} for {Wait.TotalSeconds} s, expected {wanted}: {string.Join(", ", readiness.Checks)}");
            await Task.Delay(250);
        }
    }
}
