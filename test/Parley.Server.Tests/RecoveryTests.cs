using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Parley.Server.Tests.TestUtils;
using static Microsoft.Playwright.Assertions;

namespace Parley.Server.Tests;

/// <summary>Calls that survive trouble: an ICE restart, and the Parley server dying and coming back.</summary>
[Collection(BrowserTestBedGroup.Name)]
public sealed class RecoveryTests(BrowserTestBed bed) : BrowserTest(bed)
{
    [Fact]
    public async Task ForcedIceRestart_GoesThroughSignaling_AndTheCallRecovers()
    {
        var (alice, bob, _) = await StartCallAsync();
        var before = await IceCredentialsAsync(bob);

        await alice.Page.EvaluateAsync("() => window.__parley.renegotiate()");

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await IceCredentialsAsync(bob) == before)
        {
            Assert.True(DateTime.UtcNow < deadline, "Bob never got Alice's ICE-restart offer (her ICE credentials did not change)");
            await Task.Delay(250);
        }

        await alice.ExpectStateAsync("connected");
        await bob.ExpectStateAsync("connected");
        await bob.ExpectMediaFlowingAsync(since: await bob.MediaStatsAsync());
        await alice.ExpectMediaFlowingAsync(since: await alice.MediaStatsAsync());
    }

    [Fact]
    public async Task CandidatesLostBothWays_TheCallConnectsAnyway_ByAnIceRestartAtTheSetupDeadline()
    {
        // The setup deadline is 12 s.
        var loss = await CallThroughCandidateLossAsync(CandidateLoss.Until.IceRestart);
        Assert.True(loss.Ended, "the call connected without an ICE restart, though no candidate had got through");
    }

    [Fact]
    public async Task ConnectionGettingNoCandidateThroughAnIceRestart_IsReplacedOnBothSides_AndTheCallConnects()
    {
        // 12 s to the setup deadline's restart, 8 s more to the replacement.
        var loss = await CallThroughCandidateLossAsync(CandidateLoss.Until.NewConnection);
        Assert.True(loss.Ended, "the call connected on its first peer connections, though no candidate had got through");
    }

    /// <summary>A call whose candidates are lost on Alice's signaling socket until <paramref name="until"/>: it must connect, media flowing.</summary>
    private async Task<CandidateLoss> CallThroughCandidateLossAsync(CandidateLoss.Until until)
    {
        var alice = await NewPersonAsync();
        var bob = await NewPersonAsync();
        var loss = new CandidateLoss(until);
        await loss.InstallAsync(alice.Page);

        var room = await alice.JoinFromHomeAsync(Bed.Server.BaseAddress, "Alice");
        await bob.JoinByLinkAsync(Bed.Server.RoomUrl(room), "Bob");

        await alice.ExpectStateAsync("connected", TimeSpan.FromSeconds(75));
        await bob.ExpectStateAsync("connected", TimeSpan.FromSeconds(75));
        Assert.True(loss.Dropped > 0, "no candidate went through Alice's signaling socket to be lost: the test proved nothing");
        await alice.ExpectMediaFlowingAsync();
        await bob.ExpectMediaFlowingAsync();
        return loss;
    }

    [Fact]
    public async Task ServerDyingAndComingBack_MediaKeepsFlowing_AndBothRejoinByThemselves()
    {
        var port = FreePort.Tcp();
        var alice = await NewPersonAsync();
        var bob = await NewPersonAsync();
        var server = await ParleyProcess.StartAsync(port);
        try
        {
            var home = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
            var room = await alice.JoinFromHomeAsync(home, "Alice");
            await bob.JoinByLinkAsync(new Uri(home, "/r/" + room), "Bob");
            await alice.ExpectStateAsync("connected");
            await bob.ExpectStateAsync("connected");
            await alice.ExpectMediaFlowingAsync();
            await bob.ExpectMediaFlowingAsync();
            foreach (var person in new[] { alice, bob })
            {
                await person.Page.EvaluateAsync("() => { window.__parley.peerConnection().__beforeOutage = true; }");
            }

            await server.DisposeAsync();

            foreach (var person in new[] { alice, bob })
            {
                await Expect(person.Page.Locator("[data-banner=reconnecting]")).ToBeVisibleAsync();
                await person.ExpectMediaFlowingAsync(since: await person.MediaStatsAsync());
                await person.ExpectStateAsync("connected");
            }

            server = await ParleyProcess.StartAsync(port);

            foreach (var (name, person) in new[] { ("Alice", alice), ("Bob", bob) })
            {
                await Expect(person.Page.Locator("[data-banner=reconnecting]")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
                await person.ExpectStateAsync("connected");
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (!await person.Page.EvaluateAsync<bool>("() => { const pc = window.__parley?.peerConnection(); return !!pc && !pc.__beforeOutage && pc.connectionState === 'connected'; }"))
                {
                    Assert.True(DateTime.UtcNow < deadline, $"{name} did not renegotiate a new connection through the restarted server");
                    await Task.Delay(250);
                }

                await person.ExpectMediaFlowingAsync();
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task SignalingDroppingForOneSide_KeepsTheSamePeerConnections_OtherSideSeesReconnectingThenResumed()
    {
        var alice = await NewPersonAsync();
        var bob = await NewPersonAsync();
        // Alice's signaling WebSocket goes through the test, which can cut it like a network drop would. While "down",
        // a new socket is closed before it opens, as a connection that cannot reach the server fails.
        var signalingDown = false;
        var sockets = new List<IWebSocketRoute>();
        await alice.Page.RouteWebSocketAsync(new Regex("/ws/signaling$"), async ws =>
        {
            if (Volatile.Read(ref signalingDown))
            {
                await ws.CloseAsync(new() { Code = 4000, Reason = "network down" });
                return;
            }

            lock (sockets)
            {
                sockets.Add(ws);
                sockets.Add(ws.ConnectToServer());
            }
        });
        await StartCallAsync(alice, bob);
        foreach (var person in new[] { alice, bob })
        {
            await person.Page.EvaluateAsync("() => { window.__parley.peerConnection().__beforeDrop = true; }");
        }

        // Bob's status element, watched from the page itself so no short-lived state is missed.
        await bob.Page.EvaluateAsync("""
            () => {
              window.__states = [];
              const el = document.querySelector('[role=status][data-state]');
              const record = () => window.__states.push(el.dataset.state + '|' + el.textContent);
              record();
              new MutationObserver(record)
                .observe(el, { attributes: true, attributeFilter: ['data-state'] });
            }
            """);

        Volatile.Write(ref signalingDown, true);
        IWebSocketRoute[] open;
        lock (sockets)
        {
            open = [.. sockets];
        }

        Assert.True(open.Length > 0, "Alice's page opened no WebSocket to /ws/signaling for the test to cut");

        foreach (var socket in open)
        {
            await socket.CloseAsync(new() { Code = 4000, Reason = "network down" });
        }

        await Expect(alice.Page.Locator("[data-banner=reconnecting]")).ToBeVisibleAsync();
        await Expect(bob.Status).ToHaveAttributeAsync("data-state", "peer-reconnecting", new() { Timeout = 20_000 });
        await Expect(bob.Status).ToContainTextAsync("Alice is reconnecting");
        Assert.True(
            await alice.Page.EvaluateAsync<bool>("() => window.__parley.peerConnection()?.__beforeDrop === true"),
            "Alice's peer connection was replaced while her signaling was down");
        await bob.ExpectMediaFlowingAsync(since: await bob.MediaStatsAsync());
        await alice.ExpectMediaFlowingAsync(since: await alice.MediaStatsAsync());

        Volatile.Write(ref signalingDown, false);

        await Expect(alice.Page.Locator("[data-banner=reconnecting]")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await alice.ExpectStateAsync("connected");
        await bob.ExpectStateAsync("connected");
        foreach (var (name, person) in new[] { ("Alice", alice), ("Bob", bob) })
        {
            Assert.True(
                await person.Page.EvaluateAsync<bool>("() => window.__parley.peerConnection()?.__beforeDrop === true"),
                $"{name} built a new RTCPeerConnection instead of keeping the one from before the drop");
            await person.ExpectMediaFlowingAsync(since: await person.MediaStatsAsync());
        }

        var states = (await bob.Page.EvaluateAsync<string[]>("() => window.__states")).Select(s => s.Split('|')[0]).ToArray();
        var seen = string.Join(" > ", await bob.Page.EvaluateAsync<string[]>("() => window.__states"));
        var reconnecting = Array.IndexOf(states, "peer-reconnecting");
        Assert.True(reconnecting > 0, $"Bob never showed peer-reconnecting: {seen}");
        Assert.Equal("connected", states[^1]);
        Assert.DoesNotContain("peer-left", states);
        Assert.True(states.Skip(reconnecting).All(s => s is "peer-reconnecting" or "connected"), $"Bob's states after the drop: {seen}");
    }

    private static Task<string> IceCredentialsAsync(CallPage page) => page.Page.EvaluateAsync<string>(
        "() => (window.__parley?.peerConnection()?.remoteDescription?.sdp ?? '').split('\\r\\n').filter(l => l.startsWith('a=ice-ufrag:')).join(',')");
}
