using Microsoft.Playwright;
using Parley.Server.Tests.TestUtils;
using static Microsoft.Playwright.Assertions;

namespace Parley.Server.Tests;

/// <summary>Calls of more than two people: a mesh, each pair with its own peer connection, in a room of four (the default).</summary>
[Collection(GroupCallBedGroup.Name)]
public sealed class GroupCallTests(BrowserTestBed bed) : BrowserTest(bed)
{
    /// <remarks>
    /// One scenario rather than four tests: every step needs a room of four people with media flowing, which is most
    /// of the cost on two cores.
    /// </remarks>
    [Fact]
    public async Task FourPeople_EachReceiveTheOtherThree_ThroughALeaveALateJoinerAFullRoomAndAReload()
    {
        var (room, joined) = await StartGroupCallAsync("Ada", "Bob", "Cy", "Di");
        var (ada, bob, cy, di) = (joined[0], joined[1], joined[2], joined[3]);
        var people = new Dictionary<string, CallPage> { ["Ada"] = ada, ["Bob"] = bob, ["Cy"] = cy, ["Di"] = di };

        // Every page decodes video and audio from the three others.
        foreach (var (name, person) in people)
        {
            await person.ExpectTilesAsync([.. people.Keys.Where(other => other != name)]);
            await person.ExpectMediaFromAsync([.. people.Keys.Where(other => other != name)]);
            await person.ExpectStateAsync("connected");
        }

        // Ada's stats panel has each of the three others, with the path of the connection to them.
        await ada.ExpectStatsPathsAsync("Bob", "Cy", "Di");

        // Di leaves: the other three keep their calls with each other.
        await di.HangUpAsync();
        people.Remove("Di");
        foreach (var (name, person) in people)
        {
            var before = await person.PeerMediaAsync();
            await person.ExpectTilesAsync([.. people.Keys.Where(other => other != name)]);
            await person.ExpectMediaFromAsync([.. people.Keys.Where(other => other != name)], since: before);
        }

        // Eve comes late and reaches everyone; the room is full again.
        people["Eve"] = await JoinRoomAsync(room, "Eve");
        foreach (var (name, person) in people)
        {
            await person.ExpectTilesAsync([.. people.Keys.Where(other => other != name)]);
            await person.ExpectMediaFromAsync([.. people.Keys.Where(other => other != name)]);
        }

        // A fifth person is refused, told how many the room holds; the call goes on.
        var fay = await JoinRoomAsync(room, "Fay");
        await fay.ExpectStateAsync("room-full");
        await Expect(fay.Status).ToContainTextAsync("holds 4 people");

        // Bob reloads: his page takes its seat back and everyone negotiates with it anew, with no ghost left over.
        var pcBefore = await bob.Page.EvaluateAsync<int>("() => window.__parley.peerConnections().length");
        Assert.Equal(3, pcBefore);
        await bob.Page.ReloadAsync();
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        foreach (var (name, person) in people)
        {
            await person.ExpectTilesAsync([.. people.Keys.Where(other => other != name)]);
            await person.ExpectMediaFromAsync([.. people.Keys.Where(other => other != name)]);
            await person.ExpectStateAsync("connected");
        }
    }

    [Fact]
    public async Task ATilesControls_WorkFromTheKeyboard_AndShowWhoIsMuted()
    {
        var (_, people) = await StartGroupCallAsync("Ada", "Bob", "Cy");
        var (ada, bob, cy) = (people[0], people[1], people[2]);
        await ada.ExpectTilesAsync("Bob", "Cy");

        await bob.Button("Mute microphone").ClickAsync();
        await Expect(ada.Tile("Bob")).ToHaveAttributeAsync("data-microphone", "off");
        await Expect(ada.Tile("Bob").GetByRole(AriaRole.Img, new() { Name = "Microphone off" })).ToBeVisibleAsync();
        await Expect(cy.Tile("Bob")).ToHaveAttributeAsync("data-microphone", "off");
        await cy.Button("Turn camera off").ClickAsync();
        await Expect(ada.Tile("Cy")).ToHaveAttributeAsync("data-camera", "off");

        // Tab to Bob's pin button and press it: his tile takes the stage.
        var pin = ada.Page.GetByRole(AriaRole.Button, new() { Name = "Pin Bob" });
        await TabToAsync(ada.Page, pin);
        await ada.Page.Keyboard.PressAsync("Enter");
        await Expect(ada.Tile("Bob")).ToHaveAttributeAsync("data-pinned", "true");
        await Expect(ada.Page.Locator("[data-layout=spotlight]")).ToBeVisibleAsync();
        await Expect(ada.Page.GetByRole(AriaRole.Button, new() { Name = "Unpin Bob" })).ToHaveAttributeAsync("aria-pressed", "true");

        // And full screen, then back with the same button (it keeps the focus).
        var fullScreen = ada.Page.GetByRole(AriaRole.Button, new() { Name = "Show Cy full screen" });
        await TabToAsync(ada.Page, fullScreen);
        await ada.Page.Keyboard.PressAsync("Enter");
        var leave = ada.Page.GetByRole(AriaRole.Button, new() { Name = "Leave full screen of Cy" });
        await Expect(leave).ToBeFocusedAsync();
        Assert.True(await ada.Page.EvaluateAsync<bool>("() => document.fullscreenElement?.matches('li[data-peer-id]') === true"));
        await ada.Page.Keyboard.PressAsync("Enter");
        await Expect(ada.Page.GetByRole(AriaRole.Button, new() { Name = "Show Cy full screen" })).ToBeFocusedAsync();
        Assert.False(await ada.Page.EvaluateAsync<bool>("() => document.fullscreenElement !== null"));
    }

    /// <summary>Presses Tab until <paramref name="target"/> has the focus (at most 40 times).</summary>
    private static async Task TabToAsync(IPage page, ILocator target)
    {
        for (var i = 0; i < 40; i++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached {target}.");
    }
}
