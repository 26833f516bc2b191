using System.Text.RegularExpressions;
using Parley.Server.Tests.TestUtils;

namespace Parley.Server.Tests.Interop;

/// <summary>A group call with Firefox as one of three people, everyone through Parley's own web client.</summary>
[Collection(BrowserTestBedGroup.Name)]
public sealed partial class FirefoxGroupCallTests(BrowserTestBed bed) : BrowserTest(bed)
{
    [Fact]
    public async Task TwoChromiumsAndAFirefox_InOneRoom_EachReceiveTheOtherTwo()
    {
        var (room, people) = await StartGroupCallAsync("Ada", "Bob");
        var (ada, bob) = (people[0], people[1]);
        await ada.ExpectTilesAsync("Bob");

        await using var firefox = await FirefoxPeer.StartAsync(Bed.Server.RoomUrl(room), "Fox", hold: TimeSpan.FromSeconds(20), others: 2);
        // A cold Firefox with a new profile may take longer to join than the tiles are waited for.
        await Eventually.HoldsAsync(
            () => firefox.Output.Contains("\"event\":\"in-room\"", StringComparison.Ordinal) || firefox.HasExited,
            () => $"Firefox did not reach the room:\n{firefox.Output}",
            FirefoxPeer.StartAndJoinTimeout);
        Assert.False(firefox.HasExited, $"The Firefox side stopped before it was in the room:\n{firefox.Output}");

        await ada.ExpectTilesAsync("Bob", "Fox");
        await bob.ExpectTilesAsync("Ada", "Fox");
        await ada.ExpectMediaFromAsync(["Bob", "Fox"]);
        await bob.ExpectMediaFromAsync(["Ada", "Fox"]);
        var exitCode = await firefox.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, $"The Firefox side did not receive audio and video from both others:\n{firefox.Output}");
        Assert.Matches(DecodingFromBoth(), firefox.Output);
    }

    [GeneratedRegex("\"event\":\"still-decoding\",\"framesDecoded\":[1-9][0-9]*,\"audioPackets\":[1-9][0-9]*,\"peers\":\\[\"(Ada|Bob)\",\"(Ada|Bob)\"\\]")]
    private static partial Regex DecodingFromBoth();
}
