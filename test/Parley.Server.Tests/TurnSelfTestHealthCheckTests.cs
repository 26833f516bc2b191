using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Parley.Server.Health;
using Parley.Server.Turn;
using Parley.Turn;

namespace Parley.Server.Tests;

/// <summary>How long the readiness check keeps a relay self-test's pass and its failure, on a real TURN server.</summary>
public sealed class TurnSelfTestHealthCheckTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task FailedSelfTest_IsRunAgainAfterOneSecond_AndAPassIsKeptForFive()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var turn = new EmbeddedTurn(
            Options.Create(new EmbeddedTurnOptions()),
            Options.Create(new TurnServerOptions
            {
                ListenAddresses = ["127.0.0.1"], UdpPort = 0, TcpPort = 0, EnableTcp = false, RelayAddress = "127.0.0.1",
                SharedSecrets = ["self-test-secret"],
            }),
            NullLoggerFactory.Instance, _time, services.GetRequiredService<IMeterFactory>(), NullLogger<EmbeddedTurn>.Instance);
        using var check = new TurnSelfTestHealthCheck(turn, _time);

        Assert.Equal(HealthStatus.Unhealthy, await CheckAsync(check)); // the server is not started yet
        await turn.StartAsync(CancellationToken.None);
        _time.Advance(TurnSelfTestHealthCheck.RetryFailureAfter - TimeSpan.FromMilliseconds(1));
        Assert.Equal(HealthStatus.Unhealthy, await CheckAsync(check)); // the failure still stands
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HealthStatus.Healthy, await CheckAsync(check)); // tested again: the relay works now

        await turn.StopAsync(CancellationToken.None);
        _time.Advance(TurnSelfTestHealthCheck.CacheFor - TimeSpan.FromMilliseconds(1));
        Assert.Equal(HealthStatus.Healthy, await CheckAsync(check)); // the pass still stands
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HealthStatus.Unhealthy, await CheckAsync(check)); // tested again: the server is gone
    }

    private static async Task<HealthStatus> CheckAsync(TurnSelfTestHealthCheck check) =>
        (await check.CheckHealthAsync(new HealthCheckContext(), CancellationToken.None)).Status;
}
