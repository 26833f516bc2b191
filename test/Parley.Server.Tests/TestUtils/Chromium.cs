using Microsoft.Playwright;

namespace Parley.Server.Tests.TestUtils;

/// <summary>
/// Debian's headless Chromium with fake camera and microphone, driven by Playwright. <paramref name="extraArguments"/>
/// are added to its command line (e.g. the certificates to trust).
/// </summary>
public sealed class Chromium(params string[] extraArguments) : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: eng/test.sh installs Debian's chromium.");
        // The 2-core CI machine runs a whole call per test: five seconds is too short a wait for what a person sees.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                .. ChromiumFlags.FakeMediaHeadless,
                .. extraArguments,
            ],
        });
    }

    /// <summary>A fresh browser profile: one person in a call.</summary>
    public async Task<IPage> NewPersonAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Permissions = ["camera", "microphone"],
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
