using Microsoft.Playwright;
using Parley.Server.Tests.TestUtils;
using static Microsoft.Playwright.Assertions;

namespace Parley.Server.Tests;

/// <summary>The in-call buttons: microphone, camera and the invite panel with its QR code.</summary>
[Collection(BrowserTestBedGroup.Name)]
public sealed class ControlsTests(BrowserTestBed bed) : BrowserTest(bed)
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Muting_StopsTheOtherSidesInboundAudio_AndUnmutingResumesIt()
    {
        var (alice, bob, _) = await StartCallAsync();

        await alice.Button("Mute microphone").ClickAsync();

        await Expect(alice.Button("Unmute microphone")).ToBeVisibleAsync();
        await CallPage.ExpectCounterStopsAsync(
            async () => (await bob.MediaStatsAsync()).AudioPacketsReceived, "Bob's inbound audio packets after Alice muted", StopTimeout);

        await alice.Button("Unmute microphone").ClickAsync();
        var before = await bob.MediaStatsAsync();
        await bob.ExpectMediaFlowingAsync(since: before);
    }

    [Fact]
    public async Task TurningTheCameraOff_StopsTheOtherSidesInboundVideo_AndOnResumesIt()
    {
        var (alice, bob, _) = await StartCallAsync();

        await alice.Button("Turn camera off").ClickAsync();

        await CallPage.ExpectCounterStopsAsync(
            async () => (await bob.MediaStatsAsync()).FramesDecoded, "Bob's decoded video frames after Alice's camera went off", StopTimeout);
        var audio = (await bob.MediaStatsAsync()).AudioPacketsReceived;
        var stats = await bob.ExpectAudioGrowingAsync(audio);
        Assert.True(stats.AudioPacketsReceived > audio, "Audio stopped too when only the camera was switched off");

        await alice.Button("Turn camera on").ClickAsync();
        await bob.ExpectMediaFlowingAsync(since: await bob.MediaStatsAsync());
    }

    [Fact]
    public async Task InvitePanel_ShowsTheLinkAndItsQrCode()
    {
        var alice = await NewPersonAsync();
        var room = await alice.JoinFromHomeAsync(Bed.Server.BaseAddress, "Alice");
        await alice.ExpectStateAsync("waiting");

        await alice.OpenPanelAsync("Invite");

        var qr = alice.Page.GetByRole(AriaRole.Img, new() { Name = "QR code of the invite link" });
        await Expect(qr).ToBeVisibleAsync();
        var modules = await qr.Locator("path").GetAttributeAsync("d");
        Assert.False(string.IsNullOrEmpty(modules), "The QR code has no dark modules");
        await Expect(alice.Page.GetByRole(AriaRole.Complementary, new() { Name = "Invite" }))
            .ToContainTextAsync(Bed.Server.RoomUrl(room).ToString());
    }
}
