using Microsoft.Playwright;
using Parley.Server.Tests.TestUtils;
using static Microsoft.Playwright.Assertions;

namespace Parley.Server.Tests;

/// <summary>Writes screenshots of the main screens to bin/screenshots, for people to look at.</summary>
[Collection(BrowserTestBedGroup.Name)]
public sealed class ScreenshotTests(BrowserTestBed bed) : BrowserTest(bed)
{
    private static readonly string Folder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "screenshots"));

    [Fact]
    public async Task Screenshots_OfHomePreJoinCallAndDiagnostics_AreWritten()
    {
        Directory.CreateDirectory(Folder);
        var (alice, bob, room) = await StartCallAsync();
        await alice.Page.SetViewportSizeAsync(1280, 720);
        await bob.Page.SetViewportSizeAsync(390, 844);
        await alice.SendChatAsync("Hi Bob! Here is the plan for Friday.");
        await Expect(bob.Button("Chat, 1 unread")).ToBeVisibleAsync();
        await Expect(alice.Page.Locator("[data-quality]")).Not.ToHaveAttributeAsync("data-quality", "unknown");
        await ShootAsync(alice.Page, "call-desktop-chat.png");
        await ShootAsync(bob.Page, "call-phone.png");
        await alice.OpenPanelAsync("Statistics");
        await Expect(alice.Page.Locator("[data-stat=bitrate-in]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ kbit/s$"));
        await ShootAsync(alice.Page, "call-desktop-stats.png");

        var visitor = await NewPersonAsync();
        await visitor.Page.SetViewportSizeAsync(1280, 900);
        await visitor.Page.GotoAsync(Bed.Server.BaseAddress.ToString());
        await Expect(visitor.Page.GetByLabel("Camera preview")).ToBeVisibleAsync();
        await ShootAsync(visitor.Page, "home.png");

        await visitor.Page.GotoAsync(Bed.Server.RoomUrl(room + "x").ToString());
        await visitor.Page.GetByLabel("Audio only (no camera)").CheckAsync();
        await ShootAsync(visitor.Page, "pre-join-audio-only.png");

        await visitor.Page.GotoAsync(new Uri(Bed.Server.BaseAddress, "/diagnostics").ToString());
        await Expect(visitor.Page.Locator("[data-gather=done]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await ShootAsync(visitor.Page, "diagnostics.png");

        foreach (var name in new[] { "home.png", "pre-join-audio-only.png", "call-desktop-chat.png", "call-phone.png", "diagnostics.png" })
        {
            Assert.True(new FileInfo(Path.Combine(Folder, name)).Length > 0, $"{name} was not written to {Folder}");
        }
    }

    private static async Task ShootAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, name), FullPage = true });
}
