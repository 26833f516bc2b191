using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Parley.Server.Tests.TestUtils;
using static Microsoft.Playwright.Assertions;

namespace Parley.Server.Tests;

/// <summary>axe-core's WCAG 2.1 A and AA rules find nothing on any screen, at desktop and phone widths.</summary>
[Collection(BrowserTestBedGroup.Name)]
public sealed class AccessibilityTests(BrowserTestBed bed) : BrowserTest(bed)
{
    private static readonly (int Width, int Height)[] Viewports = [(1280, 800), (390, 844)];

    /// <summary>
    /// The WCAG 2.0 and 2.1 A/AA rules, and "label in name" (WCAG 2.5.3) too: axe counts it experimental and would
    /// otherwise leave it out, yet it is the rule a button whose visible text differs from its name breaks.
    /// </summary>
    private static readonly AxeRunOptions Wcag21 = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        Rules = new Dictionary<string, RuleOptions> { ["label-content-name-mismatch"] = new RuleOptions { Enabled = true } },
    };

    [Fact]
    public async Task HomeLobbyAndDiagnostics_HaveNoViolations()
    {
        var visitor = await NewPersonAsync();
        foreach (var (width, height) in Viewports)
        {
            await visitor.Page.SetViewportSizeAsync(width, height);
            await visitor.Page.GotoAsync(Bed.Server.BaseAddress.ToString());
            await Expect(visitor.Page.GetByLabel("Camera preview")).ToBeVisibleAsync();
            await ExpectNoViolationsAsync(visitor.Page, $"home at {width} px");

            await visitor.Page.GotoAsync(Bed.Server.RoomUrl("axe-lobby").ToString());
            await Expect(visitor.Page.GetByLabel("Username")).ToBeVisibleAsync();
            await ExpectNoViolationsAsync(visitor.Page, $"lobby at {width} px");

            await visitor.Page.GotoAsync(new Uri(Bed.Server.BaseAddress, "/diagnostics").ToString());
            await Expect(visitor.Page.Locator("[data-gather=done]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await ExpectNoViolationsAsync(visitor.Page, $"diagnostics at {width} px");
        }
    }

    [Fact]
    public async Task CallScreen_WithTheGridEveryTileControlAndThePanels_HasNoViolations()
    {
        var (_, people) = await StartGroupCallAsync("Ada", "Bob", "Cy");
        var (ada, bob) = (people[0], people[1]);
        await ada.ExpectTilesAsync("Bob", "Cy");
        await bob.Button("Mute microphone").ClickAsync();
        await Expect(ada.Tile("Bob").GetByRole(AriaRole.Img, new() { Name = "Microphone off" })).ToBeVisibleAsync();

        foreach (var (width, height) in Viewports)
        {
            await ada.Page.SetViewportSizeAsync(width, height);
            // Every tile control on screen: the buttons show on focus, one tile pinned.
            await ada.Page.GetByRole(AriaRole.Button, new() { Name = "Pin Cy" }).FocusAsync();
            await ExpectNoViolationsAsync(ada.Page, $"call grid at {width} px");
            await ada.Page.GetByRole(AriaRole.Button, new() { Name = "Pin Cy" }).ClickAsync();
            await Expect(ada.Page.Locator("[data-layout=spotlight]")).ToBeVisibleAsync();
            await ExpectNoViolationsAsync(ada.Page, $"call with a pinned tile at {width} px");
            await ada.Page.GetByRole(AriaRole.Button, new() { Name = "Unpin Cy" }).ClickAsync();

            // The panels: each peer's statistics, and the chat with its file transfers.
            foreach (var panel in width > 600 ? new[] { "Statistics", "Chat" } : ["Statistics"])
            {
                await ada.OpenPanelAsync(panel);
                await ExpectNoViolationsAsync(ada.Page, $"call with the {panel} panel at {width} px");
            }

            await ada.Page.Keyboard.PressAsync("Escape");
        }
    }

    private static async Task ExpectNoViolationsAsync(IPage page, string where)
    {
        var result = await page.RunAxe(Wcag21);
        var found = result.Violations.Select(v =>
            $"{v.Id} ({v.Help}): {string.Join(" | ", v.Nodes.Select(n => n.Html))}");
        Assert.True(result.Violations.Length == 0, $"axe found on the {where}:\n{string.Join("\n", found)}");
    }
}
