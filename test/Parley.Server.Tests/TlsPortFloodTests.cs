using System.Net;
using Parley.Server.Tests.TestUtils;

namespace Parley.Server.Tests;

/// <summary>
/// Nothing is held by a connection that says nothing on the one port that serves HTTPS, WSS signaling and TURN over
/// TLS: an attacker on one address floods it with connections that stay silent or send one byte, before the TLS
/// handshake, after it, and after negotiating ALPN <c>stun.turn</c>, while two people set up a relay-only call through
/// TURN over TLS on that port. Deadlines are three seconds here (ten by default).
/// </summary>
[Collection(RunAlone.Name)]
public sealed class TlsPortFloodTests(TlsPortFloodTests.ShortDeadlines bed) : BrowserTest(bed), IClassFixture<TlsPortFloodTests.ShortDeadlines>
{
    [Fact]
    public async Task SilentAndOneByteConnectionsFromOneAddress_AreRefusedOrClosedByTheirDeadlines_WhileACallThroughTurnOverTlsCarriesMedia()
    {
        using var http = bed.CreateHttpClient();
        var target = new IPEndPoint(IPAddress.Loopback, bed.Server.BaseAddress.Port);
        await using var flood = ConnectionFlood.Start(FloodAssertions.Attacker, target,
            [FloodKind.Silent, FloodKind.OneByte, FloodKind.TlsSilent, FloodKind.TlsOneByte, FloodKind.TlsTurnSilent],
            firstByte: 0x16, workers: 200, attempts: 8_000, duration: TimeSpan.FromMinutes(3), holdLimit: TimeSpan.FromSeconds(15));
        await MetricsPage.WaitForAsync(http, "parley_connections_refused_total", v => v > 0, "the flood filling its address's idle connections",
            TimeSpan.FromSeconds(60), "limit=\"idle_address_limit\"");

        var (alice, bob, _) = await StartCallAsync();
        await FloodAssertions.CallIsRelayedOverAsync("tls", ("Alice", alice), ("Bob", bob));

        await FloodAssertions.WaitForAttemptsAsync(flood, 2_000);
        var outcomes = await flood.StopAsync();

        FloodAssertions.EveryConnectionClosedByItsDeadline(outcomes);
        foreach (var stage in new[] { "tls_handshake", "first_bytes" })
        {
            Assert.True(await MetricsPage.SumAsync(http, "parley_connections_timed_out_total", $"stage=\"{stage}\"") > 0, $"no connection was counted as timed out at {stage}");
        }

        Assert.True(await MetricsPage.SumAsync(http, "parley_turn_tcp_closed_without_allocation_total") > 0, "no silent stun.turn connection was counted as closed");
        await MetricsPage.WaitForAsync(http, "parley_connections", v => v == 0, "idle web connections after the flood", TimeSpan.FromSeconds(15), "state=\"idle\"");
        await MetricsPage.WaitForAsync(http, "parley_turn_tcp_connections", v => v == 0, "idle TURN connections after the flood", TimeSpan.FromSeconds(15), "state=\"idle\"");
    }

    public sealed class ShortDeadlines() : TlsTests.TlsOnlyBed(
        "--Connections:TlsHandshakeTimeout", FloodAssertions.Deadline,
        "--Connections:FirstBytesTimeout", FloodAssertions.Deadline,
        "--Turn:TcpAllocationTimeout", FloodAssertions.Deadline);
}
