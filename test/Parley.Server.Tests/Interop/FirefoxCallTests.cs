using System.Text.RegularExpressions;
using Parley.Server.Tests.TestUtils;

namespace Parley.Server.Tests.Interop;

/// <summary>A call between two browser engines, each through Parley's own web client.</summary>
[Collection(BrowserTestBedGroup.Name)]
public sealed partial class FirefoxCallTests(BrowserTestBed bed) : BrowserTest(bed)
{
    [Fact]
    public async Task ChromiumAndFirefox_CallThroughTheWebClient_AndBothReceiveAudioAndVideo()
    {
        var chromium = await NewPersonAsync();
        var room = await chromium.JoinFromHomeAsync(Bed.Server.BaseAddress, "Chromium");
        await chromium.ExpectStateAsync("waiting");

        await using var firefox = await FirefoxPeer.StartAsync(Bed.Server.RoomUrl(room), "Firefox", hold: TimeSpan.FromSeconds(20));

        await chromium.ExpectStateAsync("connected", FirefoxPeer.StartAndJoinTimeout);
        await Microsoft.Playwright.Assertions.Expect(chromium.Status).ToContainTextAsync("Firefox");
        await chromium.ExpectMediaFlowingAsync();
        var exitCode = await firefox.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, $"The Firefox side did not receive audio and video through the call:\n{firefox.Output}");
        Assert.Matches(DecodingLine(), firefox.Output);
        Assert.Contains("Firefox/", firefox.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex("\"event\":\"still-decoding\",\"framesDecoded\":[1-9][0-9]*,\"audioPackets\":[1-9]")]
    private static partial Regex DecodingLine();
}
