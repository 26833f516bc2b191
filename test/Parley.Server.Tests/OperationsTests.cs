using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Tests.TestUtils;
using Parley.Turn;

namespace Parley.Server.Tests;

/// <summary>Health, readiness and metrics of one in-process node, as a load balancer and Prometheus see them.</summary>
public sealed class OperationsTests(OperationsTests.Node server) : IClassFixture<OperationsTests.Node>
{
    [Fact]
    public async Task Healthz_Answers200_WithoutRunningAnyCheck()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, body.RootElement.GetProperty("checks").GetArrayLength());
    }

    [Fact]
    public async Task Readyz_IsReady_AndNamesTurnTheRelaySelfTestAndSignaling()
    {
        var (status, checks) = await ReadinessAsync(server.BaseAddress);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["signaling", "turn", "turn-relay"], checks.Keys.Order());
        Assert.All(checks, c => Assert.Equal("Healthy", c.Value));
    }

    [Fact]
    public async Task RepeatedReadinessProbes_AllocateThroughTurnAtMostOncePerCacheInterval()
    {
        await ReadinessAsync(server.BaseAddress);
        using var allocations = new RecordedMeasurements(server.Services.GetRequiredService<IMeterFactory>(), TurnServer.MeterName);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ReadinessAsync(server.BaseAddress)));

        var made = allocations.Sum("parley.turn.allocations");
        Assert.True(made <= 1, $"20 probes made {made} TURN allocations; the self-test result is not being reused.");
    }

    [Fact]
    public async Task Metrics_ServesPrometheusText_WithSignalingAndTurnInstruments()
    {
        await using var ann = await TestPeer.ConnectAsync(server.BaseAddress);
        await ann.JoinOkAsync("metrics-" + Guid.NewGuid().ToString("N"), "Ann");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        // The exporter serves a cached page for a moment: the join shows on one of the next.
        var text = await ScrapeUntilAsync(http, page => page.Contains("parley_signaling_joins_total{", StringComparison.Ordinal), "a page counting the join");

        Assert.Contains("parley_signaling_connections", text, StringComparison.Ordinal);
        Assert.Contains("parley_turn_allocations_active", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_CountTheSelfTestsRelayedPackets_InBothDirections()
    {
        await ReadinessAsync(server.BaseAddress); // the turn-relay check relays one packet out and back
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        await ScrapeUntilAsync(
            http,
            page => RelayedPackets(page, "to_peer") >= 1 && RelayedPackets(page, "to_client") >= 1,
            "parley_turn_relayed_packets_total counting a packet to_peer and one to_client");
    }

    /// <summary>The readiness answer: its status code and each check's status by name.</summary>
    internal static async Task<(HttpStatusCode Status, Dictionary<string, string> Checks)> ReadinessAsync(Uri node)
    {
        using var http = new HttpClient { BaseAddress = node };
        using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!);
        return (response.StatusCode, checks);
    }

    public sealed class Node() : ParleyServer();

    /// <summary>Scrapes <c>/metrics</c> until a page satisfies <paramref name="wanted"/>, and returns that page.</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient http, Func<string, bool> wanted, string what)
    {
        var page = string.Empty;
        await Eventually.HoldsAsync(
            async () =>
            {
                using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
                page = await response.Content.ReadAsStringAsync();
                return wanted(page);
            },
            what);
        return page;
    }

    private static double RelayedPackets(string page, string direction)
    {
        var match = Regex.Match(page, @"^parley_turn_relayed_packets_total\{[^}]*direction=""" + direction + @"""[^}]*\} (\S+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
