using Parley.Server.Tests.TestUtils;
using static Microsoft.Playwright.Assertions;

namespace Parley.Server.Tests;

/// <summary>A room opened with a passcode, joined through the link that carries it in its fragment.</summary>
[Collection(BrowserTestBedGroup.Name)]
public sealed class PasscodeRoomTests(BrowserTestBed bed) : BrowserTest(bed)
{
    [Fact]
    public async Task TheLinkWithThePasscode_JoinsTheCall_AndThePlainLinkLeadsToAnEmptyRoom()
    {
        const string Passcode = "tiger lily & 7";
        var alice = await NewPersonAsync();
        var bob = await NewPersonAsync();
        var carol = await NewPersonAsync();
        var room = await alice.JoinFromHomeWithPasscodeAsync(Bed.Server.BaseAddress, "Alice", Passcode);
        await alice.ExpectStateAsync("waiting");

        await alice.OpenPanelAsync("Invite");
        var invite = Bed.Server.RoomUrl(room) + "#k=" + Uri.EscapeDataString(Passcode);
        await Expect(alice.Page.GetByText(invite)).ToBeVisibleAsync();

        await bob.Page.GotoAsync(invite);
        await Expect(bob.Page.GetByLabel("Passcode")).ToHaveValueAsync(Passcode);
        await bob.Page.GetByLabel("Username").FillAsync("Bob");
        await bob.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await alice.ExpectStateAsync("connected");
        await bob.ExpectStateAsync("connected");
        await bob.ExpectMediaFlowingAsync();

        await carol.JoinByLinkAsync(Bed.Server.RoomUrl(room), "Carol");

        await carol.ExpectStateAsync("waiting");
        await Expect(alice.Status).ToContainTextAsync("Connected with Bob");
        await Expect(bob.Status).ToContainTextAsync("Connected with Alice");
        await alice.ExpectMediaFlowingAsync(since: await alice.MediaStatsAsync());
    }
}
