using Parley.Server.Tests.TestUtils;
using static Microsoft.Playwright.Assertions;

namespace Parley.Server.Tests;

/// <summary>Screen sharing replaces the camera track on the same sender, and stopping it brings the camera back.</summary>
[Collection(BrowserTestBedGroup.Name)]
public sealed class ScreenShareTests(BrowserTestBed bed) : BrowserTest(bed)
{
    [Fact]
    public async Task ScreenShare_ReplacesTheCameraTrack_AndStoppingRestoresTheCamera()
    {
        var (alice, bob, _) = await StartCallAsync();
        var camera = await alice.SentVideoTrackLabelAsync();
        Assert.False(string.IsNullOrEmpty(camera), "Alice sends no camera track before sharing");

        await alice.Button("Share screen").ClickAsync();

        await Expect(alice.Button("Stop sharing screen")).ToBeVisibleAsync();
        var shared = await alice.SentVideoTrackLabelAsync();
        Assert.True(shared is not null && shared != camera, $"Alice still sends {shared} instead of her screen");
        await bob.ExpectMediaFlowingAsync(since: await bob.MediaStatsAsync());
        var stats = await alice.MediaStatsAsync();
        Assert.Equal("stable", stats.SignalingState);

        await alice.Button("Stop sharing screen").ClickAsync();

        await Expect(alice.Button("Share screen")).ToBeVisibleAsync();
        Assert.Equal(camera, await alice.SentVideoTrackLabelAsync());
        await bob.ExpectMediaFlowingAsync(since: await bob.MediaStatsAsync());
    }
}
