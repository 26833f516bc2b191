using Microsoft.Playwright;
using Parley.Server.Tests.TestUtils;
using static Microsoft.Playwright.Assertions;

namespace Parley.Server.Tests;

/// <summary>The pre-join choices: audio only, receive only, and switching devices once in the call.</summary>
[Collection(BrowserTestBedGroup.Name)]
public sealed class PreJoinTests(BrowserTestBed bed) : BrowserTest(bed)
{
    [Fact]
    public async Task JoiningFromTheLobby_TakesOverItsCameraAndSignalingSocket_InsteadOfOpeningThemAgain()
    {
        var alice = await NewPersonAsync();
        var bob = await NewPersonAsync();
        // Before any page script: count each camera request and note the path of each WebSocket the page opens. Join
        // is clicked once the lobby shows its preview; its signaling socket may still be on its way up, which the call joins.
        await bob.Page.AddInitScriptAsync(RecordWebSockets + """
            window.__media = 0;
            const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
            navigator.mediaDevices.getUserMedia = constraints => { window.__media++; return getUserMedia(constraints); };
            """);
        var room = await alice.JoinFromHomeAsync(Bed.Server.BaseAddress, "Alice");

        await bob.Page.GotoAsync(Bed.Server.RoomUrl(room).ToString());
        await bob.Page.WaitForFunctionAsync(
            "() => document.querySelector('video[aria-label=\"Camera preview\"]')?.srcObject != null",
            null,
            new() { Timeout = 30_000 });
        await bob.Page.GetByLabel("Username").FillAsync("Bob");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await bob.ExpectStateAsync("connected");
        await bob.ExpectMediaFlowingAsync();

        int media = await bob.Page.EvaluateAsync<int>("() => window.__media");
        var sockets = await WebSocketPathsAsync(bob);
        Assert.True(
            media == 1 && sockets is [SignalingSocket],
            $"Bob's page opened the camera {media} times and these WebSockets: [{string.Join(", ", sockets)}]; the call should have taken over the lobby's camera and its one {SignalingSocket} socket");
    }

    [Fact]
    public async Task VisitingTheHomePage_OpensNoSignalingSocket_UntilTheJoinFormIsTouched()
    {
        var visitor = await NewPersonAsync();
        await visitor.Page.AddInitScriptAsync(RecordWebSockets);

        await visitor.Page.GotoAsync(Bed.Server.BaseAddress.ToString());
        // The page is fully up, its preview showing and its network quiet: a socket opened at load would be open.
        await visitor.Page.WaitForFunctionAsync(
            "() => document.querySelector('video[aria-label=\"Camera preview\"]')?.srcObject != null",
            null,
            new() { Timeout = 30_000 });
        await visitor.Page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 30_000 });
        var atLoad = await WebSocketPathsAsync(visitor);
        Assert.True(atLoad.Length == 0, $"The home page opened WebSockets [{string.Join(", ", atLoad)}] for a visitor who did not touch the join form");

        await visitor.Page.GetByLabel("Username").FocusAsync();
        await visitor.Page.WaitForFunctionAsync("() => window.__sockets.length === 1", null, new() { Timeout = 30_000 });
        var onTouch = await WebSocketPathsAsync(visitor);
        Assert.True(onTouch is [SignalingSocket], $"Touching the join form opened WebSockets [{string.Join(", ", onTouch)}], not one to {SignalingSocket}");
        await visitor.Page.GetByLabel("Username").FillAsync("Visitor");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await visitor.ExpectStateAsync("waiting");

        var inCall = await WebSocketPathsAsync(visitor);
        Assert.True(
            inCall is [SignalingSocket],
            $"The home page and the call opened WebSockets [{string.Join(", ", inCall)}]; the call should have taken over the one {SignalingSocket} socket the form opened");
    }

    [Fact]
    public async Task JoiningAudioOnly_SendsAudioButNoVideo_AndStillReceivesVideo()
    {
        var alice = await NewPersonAsync();
        var bob = await NewPersonAsync();

        var room = await alice.JoinFromHomeWithAsync(Bed.Server.BaseAddress, "Alice", "Audio only (no camera)");
        await bob.JoinByLinkAsync(Bed.Server.RoomUrl(room), "Bob");

        await alice.ExpectStateAsync("connected");
        await alice.ExpectMediaFlowingAsync();
        var bobs = await bob.ExpectAudioGrowingAsync(0);
        Assert.True(bobs.FramesDecoded == 0, $"Bob decoded {bobs.FramesDecoded} video frames from Alice, who joined without a camera");
        await Expect(alice.Button("Turn camera off")).ToHaveCountAsync(0);
        await Expect(alice.Button("Mute microphone")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task JoiningReceiveOnly_ReceivesBothButSendsNothing()
    {
        var alice = await NewPersonAsync();
        var bob = await NewPersonAsync();

        var room = await alice.JoinFromHomeWithAsync(Bed.Server.BaseAddress, "Alice", "Receive only (no camera or microphone)");
        await bob.JoinByLinkAsync(Bed.Server.RoomUrl(room), "Bob");

        await bob.ExpectStateAsync("connected");
        await alice.ExpectMediaFlowingAsync();
        var bobs = await bob.MediaStatsAsync();
        Assert.True(bobs is { FramesDecoded: 0, AudioPacketsReceived: 0 }, $"Bob received media from Alice, who joined receive-only: {bobs}");
    }

    [Fact]
    public async Task SwitchingTheMicrophoneMidCall_ReplacesTheTrackWithoutRenegotiating()
    {
        var (alice, bob, _) = await StartCallAsync();
        var before = await alice.SentAudioTrackLabelAsync();
        var sdp = await alice.Page.EvaluateAsync<string>("() => window.__parley.peerConnection().localDescription.sdp");

        await alice.OpenPanelAsync("Devices");
        var select = alice.Page.GetByRole(Microsoft.Playwright.AriaRole.Complementary, new() { Name = "Devices" }).GetByLabel("Microphone");
        var options = await select.Locator("option").EvaluateAllAsync<string[][]>(
            "os => os.filter(o => o.value !== '').map(o => [o.value, o.textContent])");
        var other = options.FirstOrDefault(o => o[1] != before && o[0] is not "default" and not "communications");
        Assert.True(other is not null, $"Chromium's fake devices offer no microphone besides {before}: {string.Join(", ", options.Select(o => o[1]))}");

        await select.SelectOptionAsync(other[0]);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        var after = before;
        while (after == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            after = await alice.SentAudioTrackLabelAsync();
        }

        Assert.True(after == other[1], $"Alice sends {after} after choosing {other[1]} (before: {before})");
        Assert.Equal(sdp, await alice.Page.EvaluateAsync<string>("() => window.__parley.peerConnection().localDescription.sdp"));
        await bob.ExpectAudioGrowingAsync((await bob.MediaStatsAsync()).AudioPacketsReceived);
    }

    private const string SignalingSocket = "/ws/signaling";

    /// <summary>Before any page script: <c>window.__sockets</c> lists the path of each WebSocket the page opens.</summary>
    private const string RecordWebSockets = """
        window.__sockets = [];
        const NativeWebSocket = window.WebSocket;
        window.WebSocket = class extends NativeWebSocket {
          constructor(url, ...rest) { super(url, ...rest); window.__sockets.push(new URL(url, location.href).pathname); }
        };
        """;

    private static Task<string[]> WebSocketPathsAsync(CallPage person) => person.Page.EvaluateAsync<string[]>("() => window.__sockets");
}
