using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Parley.Server.Connections;
using Parley.Server.Tests.TestUtils;
using Parley.Turn;

namespace Parley.Server.Tests;

/// <summary>
/// One budget of file descriptors: TURN's stream connections (TCP and TLS alike) and relays get at most half of what is
/// not reserved, so that however many of them an attacker holds, the web app and its signaling keep the other half.
/// </summary>
[Collection(RunAlone.Name)]
public sealed class DescriptorBudgetTests(DescriptorBudgetTests.SmallBudget bed) : IClassFixture<DescriptorBudgetTests.SmallBudget>
{
    [Fact]
    public void WithDescriptorsToSpare_TurnKeepsItsLimits_AndTheWebGetsTheRest()
    {
        var budget = DescriptorBudget.Plan(limit: 65_536, reserved: 512, turnStreams: 5_000, turnAllocations: 10_000, relaySocketsPerAllocation: 1);

        Assert.Equal((5_000, 10_000), (budget.TurnStreams, budget.TurnAllocations));
        Assert.Equal(65_536 - 512 - 15_000, budget.WebConnections + budget.WebUpgraded);
    }

    [Fact]
    public void WithTooFewDescriptors_TurnsLimitsAreLowered_SoTheWebKeepsHalf()
    {
        var budget = DescriptorBudget.Plan(limit: 4_000, reserved: 500, turnStreams: 5_000, turnAllocations: 10_000, relaySocketsPerAllocation: 2);

        Assert.True(budget.TurnStreams + (2L * budget.TurnAllocations) <= 1_750, $"TURN may hold {budget.TurnStreams} streams and {budget.TurnAllocations} allocations of two sockets: more than half of 3,500");
        Assert.True(budget.WebConnections + budget.WebUpgraded >= 1_750, $"the web keeps only {budget.WebConnections} + {budget.WebUpgraded}");
        Assert.Equal(10_000 / 5_000, budget.TurnAllocations / budget.TurnStreams);
    }

    [Fact]
    public async Task ANodeOnFewDescriptors_TakesKestrelsAndTurnsLimitsFromTheBudget()
    {
        await using var app = ParleyApplication.Create(
            ["--urls", "http://127.0.0.1:0", "--Connections:DescriptorLimit", "4000", "--Connections:ReservedDescriptors", "500", "--Logging:LogLevel:Default", "None"]);
        var expected = DescriptorBudget.Plan(4_000, 500, 5_000, 10_000, 1);

        var turn = app.Services.GetRequiredService<IOptions<TurnServerOptions>>().Value;
        var kestrel = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal((expected.TurnStreams, expected.TurnAllocations), (turn.MaxTcpConnections, turn.MaxAllocations));
        Assert.Equal((expected.WebConnections, expected.WebUpgraded), (kestrel.MaxConcurrentConnections, kestrel.MaxConcurrentUpgradedConnections));
    }

    [Fact]
    public async Task TurnOverTlsConnectionsFillingTurnsShare_AreRefusedBeyondIt_WhileTheWebAppIsStillServed()
    {
        using var http = bed.CreateHttpClient();
        int turnShare = DescriptorBudget.Plan(SmallBudget.Limit, SmallBudget.Reserved, 5_000, 10_000, 1).TurnStreams;
        var held = new List<SslStream>();
        try
        {
            // From four addresses, so that no address reaches its own idle limit (64) before TURN's total.
            for (int i = 0; i < turnShare + 40; i++)
            {
                held.Add(await StunTurnConnectionAsync(IPAddress.Parse($"127.0.0.{10 + (i % 4)}")));
            }

            int refused = (await Task.WhenAll(held.Select(IsClosedByServerAsync))).Count(closed => closed);

            Assert.True(refused == 40, $"of {held.Count} stun.turn connections, {refused} were refused where TURN's share is {turnShare}");
            Assert.True(await MetricsPage.SumAsync(http, "parley_turn_tcp_refused_total", "limit=\"total_limit\"") >= 40, "the refusals were not counted");
            Assert.Equal("Healthy", (await http.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri("/healthz", UriKind.Relative))).GetProperty("status").GetString());
            Assert.Contains("<div id=\"root\"", await http.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var tls in held)
            {
                await tls.DisposeAsync();
            }
        }
    }

    /// <summary>Whether the server has closed <paramref name="tls"/>; one it keeps sends nothing unasked, so a short wait tells.</summary>
    private static async Task<bool> IsClosedByServerAsync(SslStream tls)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        try
        {
            return await tls.ReadAsync(new byte[16], wait.Token) == 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private async Task<SslStream> StunTurnConnectionAsync(IPAddress source)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(IPAddress.Loopback, bed.Server.BaseAddress.Port);
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false, (_, certificate, _, _) => bed.IsTestCertificate(certificate));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", ApplicationProtocols = [new SslApplicationProtocol("stun.turn")] });
        return tls;
    }

    /// <summary>A TLS-only node that may open 1,200 files, 200 of them reserved, and keeps idle TURN clients for the test's length.</summary>
    public sealed class SmallBudget() : TlsTests.TlsOnlyBed(
        "--Connections:DescriptorLimit", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--Connections:ReservedDescriptors", Reserved.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--Turn:TcpAllocationTimeout", "00:05:00")
    {
        public const int Limit = 1_200;
        public const int Reserved = 200;
    }
}
