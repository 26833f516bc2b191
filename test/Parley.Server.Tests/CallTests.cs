using Parley.Server.Tests.TestUtils;

namespace Parley.Server.Tests;

[Collection(BrowserTestBedGroup.Name)]
public sealed class CallTests(BrowserTestBed bed) : BrowserTest(bed)
{
    [Fact]
    public async Task TwoPeopleJoiningOneRoom_ReceiveEachOthersVideoAndAudio()
    {
        var alice = await NewPersonAsync();
        var bob = await NewPersonAsync();

        var room = await alice.JoinFromHomeAsync(Bed.Server.BaseAddress, "Alice");
        await alice.ExpectStateAsync("waiting");
        await bob.JoinByLinkAsync(Bed.Server.RoomUrl(room), "Bob");

        await alice.ExpectStateAsync("connected");
        await bob.ExpectStateAsync("connected");
        await alice.ExpectMediaFlowingAsync();
        await bob.ExpectMediaFlowingAsync();
    }

    [Fact]
    public async Task HangingUp_ShowsTheOtherPersonThatThePeerLeft()
    {
        var (alice, bob, _) = await StartCallAsync();

        await alice.HangUpAsync();

        await bob.ExpectStateAsync("peer-left");
        await Microsoft.Playwright.Assertions.Expect(bob.Status).ToContainTextAsync("Alice");
        await Microsoft.Playwright.Assertions.Expect(alice.Page.GetByLabel("Username")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task BothSidesOfferingAtOnce_StillConvergeToOneConnectedCall()
    {
        var (alice, bob, _) = await StartCallAsync();
        var before = await alice.MediaStatsAsync();

        // Both sides start a negotiation at the same instant: the offers collide (glare).
        await Task.WhenAll(
            alice.Page.EvaluateAsync("() => window.__parley.renegotiate()"),
            bob.Page.EvaluateAsync("() => window.__parley.renegotiate()"));

        await alice.ExpectStateAsync("connected");
        await bob.ExpectStateAsync("connected");
        var aliceAfter = await alice.ExpectMediaFlowingAsync(since: before);
        await bob.ExpectMediaFlowingAsync(since: await bob.MediaStatsAsync());
        await WaitForStableAsync(alice);
        await WaitForStableAsync(bob);
        Assert.Equal("connected", aliceAfter.ConnectionState);
    }

    private static async Task WaitForStableAsync(CallPage page)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var stats = await page.MediaStatsAsync();
        while (stats.SignalingState != "stable")
        {
            Assert.True(DateTime.UtcNow < deadline, $"Negotiation never settled: {stats}");
            await Task.Delay(200);
            stats = await page.MediaStatsAsync();
        }
    }
}
