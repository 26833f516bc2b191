using System.Net;
using Parley.Server.Tests.TestUtils;

namespace Parley.Server.Tests;

/// <summary>
/// Nothing is held by a connection that says nothing on plain TCP: an attacker on one address floods TURN's TCP port
/// and the web port with connections that stay silent or send one byte, while two people set up a relay-only call
/// through TURN over TCP. Deadlines are three seconds here (ten, and Kestrel's 30 for request headers, by default).
/// </summary>
[Collection(RunAlone.Name)]
public sealed class TurnTcpFloodTests(TurnTcpFloodTests.ShortDeadlines bed) : BrowserTest(bed), IClassFixture<TurnTcpFloodTests.ShortDeadlines>
{
    [Fact]
    public async Task SilentAndOneByteConnectionsFromOneAddress_AreRefusedOrClosedByTheirDeadlines_WhileACallThroughTurnOverTcpCarriesMedia()
    {
        using var http = new HttpClient { BaseAddress = bed.Server.BaseAddress };
        FloodKind[] kinds = [FloodKind.Silent, FloodKind.OneByte];
        await using var turnFlood = ConnectionFlood.Start(FloodAssertions.Attacker, new IPEndPoint(IPAddress.Loopback, bed.Server.Turn.TcpPort!.Value), kinds,
            firstByte: 0x00, workers: 120, attempts: 5_000, duration: TimeSpan.FromMinutes(3), holdLimit: TimeSpan.FromSeconds(15));
        await using var webFlood = ConnectionFlood.Start(FloodAssertions.Attacker, new IPEndPoint(IPAddress.Loopback, bed.Server.BaseAddress.Port), kinds,
            firstByte: (byte)'G', workers: 120, attempts: 5_000, duration: TimeSpan.FromMinutes(3), holdLimit: TimeSpan.FromSeconds(15));
        await MetricsPage.WaitForAsync(http, "parley_turn_tcp_refused_total", v => v > 0, "the flood filling its address's idle TURN connections",
            TimeSpan.FromSeconds(60), "limit=\"idle_address_limit\"");

        var (alice, bob, _) = await StartCallAsync();
        await FloodAssertions.CallIsRelayedOverAsync("tcp", ("Alice", alice), ("Bob", bob));

        await FloodAssertions.WaitForAttemptsAsync(turnFlood, 1_000);
        await FloodAssertions.WaitForAttemptsAsync(webFlood, 1_000);

        FloodAssertions.EveryConnectionClosedByItsDeadline(await turnFlood.StopAsync());
        FloodAssertions.EveryConnectionClosedByItsDeadline(await webFlood.StopAsync());
        Assert.True(await MetricsPage.SumAsync(http, "parley_turn_tcp_closed_without_allocation_total") > 0, "no silent TURN connection was counted as closed");
        Assert.True(await MetricsPage.SumAsync(http, "parley_connections_timed_out_total", "stage=\"first_bytes\"") > 0, "no silent web connection was counted as timed out");
        await MetricsPage.WaitForAsync(http, "parley_turn_tcp_connections", v => v == 0, "idle TURN connections after the flood", TimeSpan.FromSeconds(15), "state=\"idle\"");
    }

    public sealed class ShortDeadlines() : BrowserTestBed(new ParleyServer(
        "--Turn:EnableUdp", "false",
        "--Ice:TransportPolicy", "relay",
        "--Turn:TcpAllocationTimeout", FloodAssertions.Deadline,
        "--Connections:FirstBytesTimeout", FloodAssertions.Deadline,
        "--Connections:RequestHeadersTimeout", FloodAssertions.Deadline));
}
