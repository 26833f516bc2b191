using Microsoft.Playwright;
using Parley.Server.Tests.TestUtils;
using static Microsoft.Playwright.Assertions;

namespace Parley.Server.Tests;

/// <summary>The /diagnostics page: candidates, the relay test, the camera and microphone check.</summary>
[Collection(BrowserTestBedGroup.Name)]
public sealed class DiagnosticsTests(BrowserTestBed bed) : BrowserTest(bed)
{
    [Fact]
    public async Task DiagnosticsPage_ListsHostAndRelayCandidates_AndSaysTurnAnswered()
    {
        var page = (await NewPersonAsync()).Page;

        await page.GotoAsync(new Uri(Bed.Server.BaseAddress, "/diagnostics").ToString());

        var summary = page.Locator("[data-gather=done]");
        await Expect(summary).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.Locator("tr[data-candidate-type=host]").First).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-candidate-type=relay]").First).ToBeVisibleAsync();
        await Expect(summary).ToHaveAttributeAsync("data-turn", "yes");
    }

    [Fact]
    public async Task RelayTest_SendsDataThroughTurnAndBack()
    {
        var page = (await NewPersonAsync()).Page;
        await page.GotoAsync(new Uri(Bed.Server.BaseAddress, "/diagnostics").ToString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Run relay test" }).ClickAsync();

        var result = page.Locator("[data-relay]");
        await Expect(result).Not.ToHaveAttributeAsync("data-relay", new System.Text.RegularExpressions.Regex("^(idle|running)$"), new() { Timeout = 20_000 });
        Assert.True(await result.GetAttributeAsync("data-relay") == "ok", $"The relay test failed: {await result.TextContentAsync()}");
    }

    [Fact]
    public async Task DeviceCheck_ShowsTheCameraAndMicrophone()
    {
        var page = (await NewPersonAsync()).Page;
        await page.GotoAsync(new Uri(Bed.Server.BaseAddress, "/diagnostics").ToString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Check camera and microphone" }).ClickAsync();

        var check = page.Locator("[data-device-check]");
        await Expect(check).ToHaveAttributeAsync("data-device-check", "ok");
        await Expect(check).ToContainTextAsync("×");
    }
}
