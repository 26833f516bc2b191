using Microsoft.Playwright;

namespace Parley.Network.Tests.TestUtils;

/// <summary>
/// One headless Chromium per lab host, started inside the host's namespace by a wrapper script that Playwright
/// runs as the browser (it talks to it over a pipe, which <c>ip netns exec</c> passes on). Started on first use,
/// then reused: each person gets a fresh browser context.
/// </summary>
public sealed class NamespacedChromium : IAsyncDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly Dictionary<string, IBrowser> _browsers = [];
    private readonly string _scripts = Directory.CreateTempSubdirectory(NamespaceSet.Prefix + "-chromium-").FullName;
    private readonly IReadOnlyList<string> _secureOrigins;
    private readonly IReadOnlyList<string> _extraArguments;
    private IPlaywright? _playwright;

    /// <param name="secureOrigins">Plain-http origins where getUserMedia must work as on HTTPS.</param>
    /// <param name="extraArguments">Added to the command line (the test certificate to trust, for example).</param>
    public NamespacedChromium(IReadOnlyList<string> secureOrigins, params string[] extraArguments)
    {
        _secureOrigins = secureOrigins;
        _extraArguments = extraArguments;
    }

    /// <summary>A fresh browser profile on <paramref name="host"/>: one person in a call.</summary>
    public async Task<IPage> NewPersonAsync(LabHost host)
    {
        var browser = await BrowserOnAsync(host);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Permissions = ["camera", "microphone"] });
        await context.AddInitScriptAsync(CallTrace.InitScript);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var browser in _browsers.Values)
        {
            await browser.CloseAsync();
        }

        _browsers.Clear();
        _playwright?.Dispose();
        Directory.Delete(_scripts, recursive: true);
    }

    private async Task<IBrowser> BrowserOnAsync(LabHost host)
    {
        if (_browsers.TryGetValue(host.Namespace, out var running))
        {
            return running;
        }

        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: eng/test.sh installs Debian's chromium.");
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright ??= await Playwright.CreateAsync();
        var browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = await WrapperAsync(host),
            Headless = true,
            Args =
            [
                .. ChromiumFlags.FakeMediaHeadless,
                "--unsafely-treat-insecure-origin-as-secure=" + string.Join(',', _secureOrigins),
                .. _extraArguments,
            ],
        });
        _browsers[host.Namespace] = browser;
        await OpenCameraOnceAsync(browser);
        return browser;
    }

    /// <summary>
    /// A person's browser has been running before they join a call; one just launched has not yet opened a camera.
    /// Its first one (Chromium then starts its capture and audio services) took 3.4-5.1 s from request to stream in
    /// the first call on each lab host, against 1.1-1.2 s in later calls on the same browser, so the first case on
    /// each host measured the browser's start instead of the call's. A page of the lab's origin, answered by
    /// Playwright without touching the server, opens camera and microphone once and closes them.
    /// </summary>
    private async Task OpenCameraOnceAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Permissions = ["camera", "microphone"] });
        var page = await context.NewPageAsync();
        var url = _secureOrigins[0] + "/lab-browser-start";
        await page.RouteAsync(url, route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = "<!doctype html><title>Browser start</title>" }));
        await page.GotoAsync(url);
        await page.EvaluateAsync("""
            async () => (await navigator.mediaDevices.getUserMedia({ audio: true, video: true })).getTracks().forEach(t => t.stop())
            """);
        await context.CloseAsync();
    }

    private async Task<string> WrapperAsync(LabHost host)
    {
        var path = Path.Combine(_scripts, host.Name + ".sh");
        // With PARLEY_LAB_WEBRTC_LOG naming a folder, each browser writes WebRTC's own log of ICE and DTLS there.
        var log = Environment.GetEnvironmentVariable("PARLEY_LAB_WEBRTC_LOG") is { Length: > 0 } folder
            ? $" --enable-logging=stderr --v=0 --vmodule=*/p2p/*=1,*/pc/*=1,*dtls*=1 2>>'{Path.Combine(folder, host.Name + ".log")}'"
            : "";
        await File.WriteAllTextAsync(path, $"#!/bin/sh\nexec {NetCommand.Ip} netns exec '{host.Namespace}' {Chromium} \"$@\"{log}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
