using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Parley.Testing;

/// <summary>
/// One person's tab of the Parley web client, driven the way a person uses it. <paramref name="company"/> is every page
/// of the same test, whose peer connections a failure message reports too (the other side of a stuck one).
/// </summary>
public sealed class CallPage(IPage page, IReadOnlyCollection<CallPage>? company = null)
{
    private const int ConsoleLinesKept = 20;
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(30);

    // Longer than the gap between two of a live stream's stats updates: a counter still for this long has stopped.
    private static readonly TimeSpan CounterQuiet = TimeSpan.FromSeconds(1);

    /// <summary>The page's last warnings and errors on its console (the web client logs failed negotiation steps).</summary>
    private readonly Queue<string> _console = Listen(page);

    public IPage Page => page;

    /// <summary>The name this page last joined with.</summary>
    public string? Username { get; private set; }

    public ILocator Status => page.Locator("[role=status][data-state]");

    /// <summary>Opens the home page, joins the pre-filled room and returns that room's name.</summary>
    public Task<string> JoinFromHomeAsync(Uri home, string username) => JoinFromHomeCoreAsync(home, username, passcode: null, joinWith: null);

    /// <summary>Like <see cref="JoinFromHomeAsync"/>, with a passcode typed in the optional Passcode field.</summary>
    public Task<string> JoinFromHomeWithPasscodeAsync(Uri home, string username, string passcode) =>
        JoinFromHomeCoreAsync(home, username, passcode, joinWith: null);

    /// <summary>Like <see cref="JoinFromHomeAsync"/>, choosing first how to join ("Audio only (no camera)", ...).</summary>
    public Task<string> JoinFromHomeWithAsync(Uri home, string username, string joinWith) =>
        JoinFromHomeCoreAsync(home, username, passcode: null, joinWith);

    /// <summary>The label of the track this page sends as audio, or null when it sends none.</summary>
    public Task<string?> SentAudioTrackLabelAsync() => page.EvaluateAsync<string?>("""
        () => window.__parley?.peerConnection()?.getSenders().map(s => s.track).find(t => t && t.kind === 'audio')?.label ?? null
        """);

    /// <summary>
    /// Opens a room's shared link, which asks only for a name, and joins; <paramref name="joinWith"/> chooses first how
    /// ("Audio only (no camera)", ...).
    /// </summary>
    public async Task JoinByLinkAsync(Uri roomUrl, string username, string? joinWith = null)
    {
        Username = username;
        await page.GotoAsync(roomUrl.ToString());
        await Expect(page.GetByLabel("Room")).ToHaveCountAsync(0);
        if (joinWith is not null)
        {
            await page.GetByLabel(joinWith).CheckAsync();
        }

        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
    }

    public Task HangUpAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();

    public async Task ExpectStateAsync(string state, TimeSpan? timeout = null)
    {
        try
        {
            await Expect(Status).ToHaveAttributeAsync("data-state", state, new() { Timeout = (float)(timeout ?? MediaTimeout).TotalMilliseconds });
        }
        catch (PlaywrightException e)
        {
            throw await ExplainedAsync(e);
        }
    }

    /// <summary>
    /// A failed expectation about this page, led by where its peer connections stand, its console's last warnings, and
    /// the same of the other pages of its test.
    /// </summary>
    public async Task<PlaywrightException> ExplainedAsync(PlaywrightException failure)
    {
        var report = new System.Text.StringBuilder();
        foreach (var person in (IEnumerable<CallPage>)[this, .. (company ?? []).Where(other => other != this)])
        {
            report.Append(person == this ? "This page" : "Another page").Append(" (").Append(person.Username ?? "not joined")
                .Append("): ").Append(await person.ConnectionReportAsync()).Append('\n');
            string[] console;
            lock (person._console)
            {
                console = [.. person._console];
            }

            if (console.Length > 0)
            {
                report.Append("  its console: ").AppendJoin(" | ", console).Append('\n');
            }
        }

        return new($"Where the peer connections stand:\n{report}{failure.Message}", failure);
    }

    /// <summary>
    /// Each peer connection's states, descriptions (with their ICE username fragments), DTLS state, candidates and
    /// candidate pairs, as JSON: what a call that never connected needs to be understood from a failure message alone.
    /// </summary>
    public async Task<string> ConnectionReportAsync()
    {
        if (page.IsClosed)
        {
            return "(closed)";
        }

        try
        {
            return await page.EvaluateAsync<string>("""
                async () => JSON.stringify(await Promise.all((window.__parley?.peerConnections() ?? []).map(async ({ username, connection: pc }) => {
                  const candidates = [], pairs = [], dtls = [];
                  (await pc.getStats()).forEach(s => {
                    if (s.type === 'local-candidate' || s.type === 'remote-candidate') candidates.push(`${s.type[0]}:${s.candidateType}/${s.protocol} ${s.address}:${s.port}`);
                    if (s.type === 'candidate-pair') pairs.push(`${s.state}${s.nominated ? '*' : ''} req ${s.requestsSent ?? 0}/${s.requestsReceived ?? 0} resp ${s.responsesReceived ?? 0}`);
                    if (s.type === 'transport') dtls.push(s.dtlsState);
                  });
                  const ufrag = d => /a=ice-ufrag:(\S+)/.exec(d?.sdp ?? '')?.[1] ?? null;
                  return { username, connection: pc.connectionState, ice: pc.iceConnectionState, gathering: pc.iceGatheringState,
                    signaling: pc.signalingState, local: `${pc.localDescription?.type ?? null} ${ufrag(pc.localDescription)}`,
                    remote: `${pc.remoteDescription?.type ?? null} ${ufrag(pc.remoteDescription)}`, dtls, candidates, pairs };
                })))
                """);
        }
        catch (PlaywrightException e)
        {
            return $"(not readable: {e.Message})";
        }
    }

    private static Queue<string> Listen(IPage page)
    {
        var lines = new Queue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is not ("warning" or "error"))
            {
                return;
            }

            lock (lines)
            {
                lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {message.Text}");
                if (lines.Count > ConsoleLinesKept)
                {
                    lines.Dequeue();
                }
            }
        };
        return lines;
    }

    /// <summary>Inbound media counters from the page's RTCPeerConnection.getStats().</summary>
    public async Task<MediaStats> MediaStatsAsync()
    {
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const pc = window.__parley?.peerConnection();
              const result = { framesDecoded: 0, audioPacketsReceived: 0, signalingState: pc?.signalingState ?? 'none', connectionState: pc?.connectionState ?? 'none' };
              if (!pc) return JSON.stringify(result);
              (await pc.getStats()).forEach(s => {
                if (s.type !== 'inbound-rtp') return;
                if (s.kind === 'video') result.framesDecoded += s.framesDecoded ?? 0;
                if (s.kind === 'audio') result.audioPacketsReceived += s.packetsReceived ?? 0;
              });
              return JSON.stringify(result);
            }
            """);
        return JsonSerializer.Deserialize<MediaStats>(json, JsonSerializerOptions.Web)!;
    }

    /// <summary>The candidate types (host, srflx, relay) of the pair ICE selected, or null before there is one.</summary>
    public async Task<SelectedPair?> SelectedPairAsync()
    {
        var json = await page.EvaluateAsync<string?>("""
            async () => {
              const pc = window.__parley?.peerConnection();
              if (!pc) return null;
              const stats = await pc.getStats();
              let pair = null;
              stats.forEach(s => {
                if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId);
              });
              if (!pair) return null;
              const local = stats.get(pair.localCandidateId), remote = stats.get(pair.remoteCandidateId);
              return JSON.stringify({ local: local.candidateType, localProtocol: local.relayProtocol ?? local.protocol, remote: remote.candidateType });
            }
            """);
        return json is null ? null : JsonSerializer.Deserialize<SelectedPair>(json, JsonSerializerOptions.Web);
    }

    /// <summary>A button of the call's toolbar (or any button) by its accessible name.</summary>
    public ILocator Button(string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>Opens one of the call's side panels (Chat, Statistics, Invite, Devices) unless it is open.</summary>
    public async Task OpenPanelAsync(string name)
    {
        var panel = page.GetByRole(AriaRole.Complementary, new() { Name = name == "Statistics" ? "Call statistics" : name });
        if (await panel.CountAsync() == 0)
        {
            await page.GetByRole(AriaRole.Toolbar, new() { Name = "Call controls" })
                .GetByRole(AriaRole.Button, new() { Name = name }).ClickAsync();
        }

        await Expect(panel).ToBeVisibleAsync();
    }

    /// <summary>Sends a chat message from the chat panel.</summary>
    public async Task SendChatAsync(string text)
    {
        await OpenPanelAsync("Chat");
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync(text);
        await Button("Send").ClickAsync();
    }

    /// <summary>
    /// Waits until <paramref name="read"/> has stayed the same for <see cref="CounterQuiet"/> (the counter stopped),
    /// failing with <paramref name="what"/> if it has not within <paramref name="timeout"/>; returns its last value.
    /// </summary>
    public static async Task<long> ExpectCounterStopsAsync(Func<Task<long>> read, string what, TimeSpan timeout)
    {
        var last = await read();
        var unchanged = Stopwatch.StartNew();
        var readings = new List<long> { last };
        await Eventually.HoldsAsync(
            async () =>
            {
                var current = await read();
                if (current != last)
                {
                    readings.Add(current);
                    last = current;
                    unchanged.Restart();
                }

                return unchanged.Elapsed >= CounterQuiet;
            },
            () => $"{what} kept growing (last readings: {string.Join(" -> ", readings.TakeLast(5))})",
            timeout);
        return last;
    }

    /// <summary>The label of the track this page sends as video, or null when it sends none.</summary>
    public Task<string?> SentVideoTrackLabelAsync() => page.EvaluateAsync<string?>("""
        () => {
          const pc = window.__parley?.peerConnection();
          const video = pc?.getSenders().map(s => s.track).find(t => t && t.kind === 'video');
          return video ? video.label : null;
        }
        """);

    /// <summary>Waits until more than <paramref name="since"/> audio packets have arrived.</summary>
    public async Task<MediaStats> ExpectAudioGrowingAsync(long since)
    {
        var deadline = DateTime.UtcNow + MediaTimeout;
        var stats = await MediaStatsAsync();
        while (stats.AudioPacketsReceived <= since)
        {
            Assert.True(DateTime.UtcNow < deadline, $"No audio arrived within {MediaTimeout.TotalSeconds} s: {stats}");
            await Task.Delay(250);
            stats = await MediaStatsAsync();
        }

        return stats;
    }

    /// <summary>Waits until video frames are decoded and audio packets arrive beyond <paramref name="since"/>.</summary>
    public async Task<MediaStats> ExpectMediaFlowingAsync(MediaStats? since = null)
    {
        var deadline = DateTime.UtcNow + MediaTimeout;
        var stats = await MediaStatsAsync();
        while (!(stats.FramesDecoded > (since?.FramesDecoded ?? 0) && stats.AudioPacketsReceived > (since?.AudioPacketsReceived ?? 0)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No media arrived within {MediaTimeout.TotalSeconds} s: {stats}");
            await Task.Delay(250);
            stats = await MediaStatsAsync();
        }

        return stats;
    }

    private async Task<string> JoinFromHomeCoreAsync(Uri home, string username, string? passcode, string? joinWith)
    {
        Username = username;
        await page.GotoAsync(home.ToString());
        if (joinWith is not null)
        {
            await page.GetByLabel(joinWith).CheckAsync();
        }

        var room = await page.GetByLabel("Room").InputValueAsync();
        await page.GetByLabel("Username").FillAsync(username);
        if (passcode is not null)
        {
            await page.GetByLabel("Passcode").FillAsync(passcode);
        }

        // Enter in the form, as people submit it too: the device lists load in above the Join button and may move it
        // between Playwright's check of where it is and its click (a fresh page's click was lost in a CI run).
        await page.GetByLabel("Username").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Uri(home, "/r/" + room).ToString(), new() { Timeout = (float)MediaTimeout.TotalMilliseconds });
        return room;
    }
}

public sealed record SelectedPair(string Local, string LocalProtocol, string Remote);

public sealed record MediaStats(long FramesDecoded, long AudioPacketsReceived, string SignalingState, string ConnectionState);
