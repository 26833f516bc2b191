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

        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(check)).Status); // the server is not started yet
        await turn.StartAsync(CancellationToken.None);
        _time.Advance(TurnSelfTestHealthCheck.RetryFailureAfter - TimeSpan.FromMilliseconds(1));
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(check)).Status); // the failure still stands

        // Tested again once a failure is a second old. On a busy machine the first round trip of a fresh server may
        // itself miss the self-test's timeout; every retry then waits only one more second of the fake clock.
        _time.Advance(TimeSpan.FromMilliseconds(1));
        HealthCheckResult result = await CheckAsync(check);
        for (var deadline = DateTime.UtcNow.AddSeconds(60); result.Status != HealthStatus.Healthy && DateTime.UtcNow < deadline;)
        {
            _time.Advance(TurnSelfTestHealthCheck.RetryFailureAfter);
            result = await CheckAsync(check);
        }

        Assert.True(result.Status == HealthStatus.Healthy, $"The started server's self-test kept failing: {result.Description}");

        await turn.StopAsync(CancellationToken.None);
        _time.Advance(TurnSelfTestHealthCheck.CacheFor - TimeSpan.FromMilliseconds(1));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status); // the pass still stands
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(check)).Status); // tested again: the server is gone
    }

    private static Task<HealthCheckResult> CheckAsync(TurnSelfTestHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext(), CancellationToken.None);
}
