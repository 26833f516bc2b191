using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Parley.Server.Tests.TestUtils;
using Parley.Signaling.Contracts;

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
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        await ReadinessAsync(server.BaseAddress);
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // the Prometheus exporter caches its page briefly
        var before = await MetricAsync(http, "parley_turn_allocations_total");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ReadinessAsync(server.BaseAddress)));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var after = await MetricAsync(http, "parley_turn_allocations_total");

        Assert.True(after - before <= 1, $"20 probes made {after - before} TURN allocations; the self-test result is not being reused.");
    }

    [Fact]
    public async Task Metrics_ServesPrometheusText_WithSignalingAndTurnInstruments()
    {
        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(server.BaseAddress, "/hubs/signaling")).Build();
        await connection.StartAsync();
        Assert.Null((await connection.InvokeAsync<JoinResult>("Join", "metrics-" + Guid.NewGuid().ToString("N"), "Ann")).Error);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("parley_signaling_joins_total{", text, StringComparison.Ordinal);
        Assert.Contains("parley_signaling_connections", text, StringComparison.Ordinal);
        Assert.Contains("parley_turn_allocations_active", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_CountTheSelfTestsRelayedPackets_InBothDirections()
    {
        await ReadinessAsync(server.BaseAddress); // the turn-relay check relays one packet out and back
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        foreach (var direction in new[] { "to_peer", "to_client" })
        {
            var pattern = @"^parley_turn_relayed_packets_total\{[^}]*direction=""" + direction + @"""[^}]*\} (\S+)";
            var match = Regex.Match(text, pattern, RegexOptions.Multiline);
            Assert.True(match.Success, $"/metrics has no parley_turn_relayed_packets_total for {direction}");
            Assert.True(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1, $"no packet counted {direction}");
        }
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

    private static async Task<double> MetricAsync(HttpClient http, string name)
    {
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var match = Regex.Match(text, "^" + Regex.Escape(name) + @"(\{[^}]*\})? (\S+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
