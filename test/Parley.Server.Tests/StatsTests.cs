using Microsoft.Playwright;
using Parley.Server.Tests.TestUtils;
using static Microsoft.Playwright.Assertions;

namespace Parley.Server.Tests;

/// <summary>The quality indicator and the stats panel.</summary>
[Collection(BrowserTestBedGroup.Name)]
public sealed class StatsTests(BrowserTestBed bed) : BrowserTest(bed)
{
    [Fact]
    public async Task StatsPanel_ShowsTheSelectedCandidateType_AndTheMediaFigures()
    {
        var (alice, _, _) = await StartCallAsync();

        await alice.OpenPanelAsync("Statistics");

        var pair = await alice.SelectedPairAsync();
        Assert.NotNull(pair);
        var panel = alice.Page.GetByRole(AriaRole.Complementary, new() { Name = "Call statistics" });
        await Expect(panel.Locator("[data-stat=candidate]")).ToContainTextAsync(pair.Local);
        await Expect(panel.Locator("[data-stat=protocol]")).ToHaveTextAsync(pair.LocalProtocol);
        await Expect(panel.Locator("[data-stat=rtt]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ ms$"));
        await Expect(panel.Locator("[data-stat=resolution]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+×\d+$"));
        await Expect(panel.Locator("[data-stat=codec]")).ToContainTextAsync("video/");
        await Expect(panel.Locator("[data-stat=bitrate-in]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ kbit/s$"));
        await Expect(alice.Page.Locator("[data-quality]")).ToHaveAttributeAsync(
            "data-quality", new System.Text.RegularExpressions.Regex("^(good|fair|poor)$"));
    }
}

/// <summary>A relay-only call: the stats panel tells the user the call goes through TURN.</summary>
/// <remarks>In the browser collection so that it does not add a third browser to the machine's load.</remarks>
[Collection(BrowserTestBedGroup.Name)]
public sealed class RelayStatsTests(RelayCallTests.RelayOnlyBed bed) : BrowserTest(bed), IClassFixture<RelayCallTests.RelayOnlyBed>
{
    [Fact]
    public async Task StatsPanel_ShowsTheRelayPathAndItsProtocol_WhenTheCallGoesThroughTurn()
    {
        var (alice, _, _) = await StartCallAsync();

        await alice.OpenPanelAsync("Statistics");

        await Expect(alice.Page.Locator("[data-stat=candidate]")).ToContainTextAsync("relay (through TURN)");
        var pair = await alice.SelectedPairAsync();
        Assert.NotNull(pair);
        var path = alice.Page.Locator("[data-stat=path]");
        await Expect(path).ToHaveAttributeAsync("data-path", "relay");
        await Expect(path).ToContainTextAsync($"relayed by TURN over {pair.LocalProtocol.ToUpperInvariant()}");
    }
}
