using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using Parley.Network.Tests.TestUtils;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Parley.Network.Tests;

/// <summary>
/// The three ways two browsers reach each other, proven on a lab internet of network namespaces (see
/// <see cref="InternetLab"/>): directly on a LAN, directly across NATs through STUN addresses, and through Parley's
/// TURN when the NATs forbid a direct path (over TLS on the HTTPS port when a firewall allows nothing else); and what
/// a person sees when there is no path at all.
/// </summary>
public sealed class ProvenPathTests(NetworkLabFixture lab, ITestOutputHelper output) : IClassFixture<NetworkLabFixture>, IAsyncLifetime
{
    private static readonly TimeSpan IceFailureTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan PairSettleTimeout = TimeSpan.FromSeconds(15);

    private readonly List<IPage> _pages = [];

    [Fact]
    public async Task PeersOnOneLan_ConnectHostToHost()
    {
        var call = await CallAsync(lab.Lab.HomeA1, lab.Lab.HomeA2);

        foreach (var (name, pair) in call.Pairs)
        {
            Assert.True(pair is { Local: "host", Remote: "host" }, $"{name}'s selected candidate pair is {pair}, not host to host on their LAN");
        }

        Report(1, "Both peers on one LAN (192.168.1.0/24)", "host ↔ host", call);
    }

    [Fact]
    public async Task PeersBehindTwoConeNats_ConnectDirectlyThroughTheirStunAddresses()
    {
        // The remote end may be learnt from the other side's first check (prflx) before its srflx candidate arrives.
        static bool Direct(SelectedPair pair) => pair is { Local: "srflx", Remote: "srflx" or "prflx" };
        var call = await CallAsync(lab.Lab.HomeA1, lab.Lab.HomeB, settlesOn: Direct);

        foreach (var (name, pair) in call.Pairs)
        {
            Assert.True(
                Direct(pair),
                $"{name}'s selected candidate pair is {pair}, not their NAT's STUN address to the other's (a direct path without relay)");
        }

        Report(2, "Two LANs behind two cone NATs", "srflx ↔ srflx, no relay", call);
    }

    [Fact]
    public async Task PeerBehindASymmetricNat_IsRelayedThroughParleysTurnOverUdp()
    {
        var call = await CallAsync(lab.Lab.Symmetric, lab.Lab.HomeA1);

        foreach (var (name, pair) in call.Pairs)
        {
            Assert.True(pair is { Local: "relay" } or { Remote: "relay" }, $"{name}'s selected candidate pair is {pair}: no relay, yet a symmetric NAT should allow no direct path");
        }

        var relayed = call.Pairs.Where(p => p.Pair.Local == "relay").ToList();
        Assert.True(relayed.Count > 0, $"Neither side sends through its own relay: {string.Join(", ", call.Pairs)}");
        Assert.All(relayed, p => Assert.True(p.Pair.LocalProtocol == "udp", $"{p.Name} reaches the TURN server over {p.Pair.LocalProtocol}, not UDP"));

        Report(3, "Symmetric NAT ↔ cone NAT", "relay through Parley's TURN (UDP)", call);
    }

    [Fact]
    public async Task PeerBehindAFirewallAllowingOnlyTls_IsRelayedThroughTurnOverTlsOnTheHttpsPort()
    {
        var call = await CallAsync(lab.Lab.Firewalled, lab.Lab.HomeA1, lab.Parley.SecureHome!);

        var (name, firewalled) = call.Pairs[0];
        Assert.True(
            firewalled is { Local: "relay", LocalProtocol: "tls" },
            $"{name}'s selected candidate pair is {firewalled}, not its relay reached over TLS (the only way out of its network)");
        var (otherName, other) = call.Pairs[1];
        Assert.True(other is { Local: "relay" } or { Remote: "relay" }, $"{otherName}'s selected candidate pair is {other}: no relay, yet the other side can only send through one");

        Report(4, $"Firewall letting out only TCP to port {NetworkLabFixture.TlsPort} ↔ cone NAT", $"relay through TURN over TLS on {NetworkLabFixture.TlsPort}", call);
    }

    [Fact]
    public async Task FirefoxBehindASymmetricNat_CallsChromiumThroughParleysTurnOverUdp()
    {
        // Firefox starts the room (its cold start stays out of the call's setup), Chromium is the second to join.
        var room = new Uri(lab.Parley.Home, "/r/firefox-" + Guid.NewGuid().ToString("N")[..8]);
        await using var firefox = await FirefoxPeer.StartAsync(
            room, "Firefox", hold: TimeSpan.FromSeconds(10), launcher: [NetCommand.Ip, "netns", "exec", lab.Lab.Symmetric.Namespace]);
        await Eventually.HoldsAsync(
            () => FirefoxEvent(firefox, "in-room") is not null || firefox.HasExited,
            () => $"Firefox did not get into the room:\n{firefox.Output}",
            FirefoxPeer.StartAndJoinTimeout);
        Assert.False(firefox.HasExited, $"Firefox left before anyone joined:\n{firefox.Output}");

        var chromium = await PersonAsync(lab.Lab.HomeA1);
        await chromium.JoinByLinkAsync(room, "Chromium");
        await chromium.ExpectStateAsync("connected");
        await chromium.ExpectMediaFlowingAsync();
        var chromiumPair = await chromium.SelectedPairAsync();
        var exitCode = await firefox.WaitForExitAsync(TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, $"The Firefox side did not receive audio and video through the call:\n{firefox.Output}");

        var firefoxPair = FirefoxEvent(firefox, "decoding")?.GetProperty("pairs")[0].GetString();
        output.WriteLine($"Firefox ({lab.Lab.Symmetric.Name}) at {lab.Lab.Symmetric.Address}: {firefoxPair}");
        output.WriteLine($"Chromium ({lab.Lab.HomeA1.Name}) at {lab.Lab.HomeA1.Address}: {chromiumPair}");
        Assert.True(
            firefoxPair is not null && firefoxPair.Contains("relay", StringComparison.Ordinal),
            $"Firefox's selected candidate pair is {firefoxPair}: no relay, yet a symmetric NAT should allow no direct path\n{firefox.Output}");
        Assert.True(
            !firefoxPair.StartsWith("relay/", StringComparison.Ordinal) || firefoxPair.StartsWith("relay/udp", StringComparison.Ordinal),
            $"Firefox reaches the TURN server by {firefoxPair}, not UDP");
        Assert.True(
            chromiumPair is { Local: "relay", LocalProtocol: "udp" } or { Remote: "relay" },
            $"Chromium's selected candidate pair is {chromiumPair}: not through a relay over UDP");

        var marks = await CallTrace.ReadAsync(chromium.Page);
        var click = marks[CallTrace.Click];
        var firefoxConnected = FirefoxEvent(firefox, "connected")!.Value.GetProperty("at").GetDouble();
        output.WriteLine($"Chromium, s from its click: {CallTrace.Describe(marks, click)}");
        output.WriteLine($"Firefox, s from Chromium's click: screen.connected {(firefoxConnected - click) / 1000:0.00}");
        var setup = TimeSpan.FromMilliseconds(Math.Max(firefoxConnected, marks[CallTrace.Screen + "connected"]) - click);
        Report(6, "Firefox ESR behind the symmetric NAT ↔ Chromium behind a cone NAT", "relay through Parley's TURN (UDP)", firefoxPair, Describe(chromiumPair), setup);
    }

    [Fact]
    public async Task WithoutTurn_ASymmetricNatCall_SaysOnScreenThatNoDirectPathExistsAndNoRelayIsAvailable()
    {
        var (alice, bob) = (await PersonAsync(lab.Lab.Symmetric), await PersonAsync(lab.Lab.HomeA1));
        var room = await alice.JoinFromHomeAsync(lab.ParleyWithoutTurn.Home, "Alice");
        await bob.JoinByLinkAsync(new Uri(lab.ParleyWithoutTurn.Home, "/r/" + room), "Bob");

        foreach (var (name, person) in new[] { ("Alice", alice), ("Bob", bob) })
        {
            await Expect(person.Status).ToHaveAttributeAsync("data-state", "ice-failed", new() { Timeout = (float)IceFailureTimeout.TotalMilliseconds });
            await Expect(person.Status).ToContainTextAsync("block a direct connection");
            await Expect(person.Status).ToContainTextAsync("no relay");
            var stats = await person.MediaStatsAsync();
            Assert.True(stats.FramesDecoded == 0, $"{name} decoded {stats.FramesDecoded} frames, yet there should be no path: {stats}");
        }

        output.WriteLine($"Shown: {await alice.Status.InnerTextAsync()}");
        var failed = await SetupTimeAsync(alice, bob, "ice-failed");
        Report(5, "Symmetric NAT ↔ cone NAT, TURN off", "no path: data-state ice-failed on screen", "ice-failed", "ice-failed", failed);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.Context.CloseAsync();
        }
    }

    private async Task<CallPage> PersonAsync(LabHost host)
    {
        var page = await lab.NewPersonAsync(host);
        _pages.Add(page);
        return new CallPage(page);
    }

    /// <summary>
    /// Alice on <paramref name="hostA"/> starts a room, Bob on <paramref name="hostB"/> joins by its link. With
    /// <paramref name="settlesOn"/>, each side's selected pair is read until it is one of those (or
    /// <see cref="PairSettleTimeout"/> passes): the browser may send on the first pair that works, a relay, and move to a
    /// better one once its checks succeed.
    /// </summary>
    private async Task<Call> CallAsync(LabHost hostA, LabHost hostB, Uri? home = null, Func<SelectedPair, bool>? settlesOn = null)
    {
        home ??= lab.Parley.Home;
        var (alice, bob) = (await PersonAsync(hostA), await PersonAsync(hostB));
        var room = await alice.JoinFromHomeAsync(home, "Alice");
        await bob.JoinByLinkAsync(new Uri(home, "/r/" + room), "Bob");
        await alice.ExpectStateAsync("connected");
        await bob.ExpectStateAsync("connected");
        var setup = await SetupTimeAsync(alice, bob, "connected");

        await alice.ExpectMediaFlowingAsync();
        await bob.ExpectMediaFlowingAsync();
        var pairs = new List<(string Name, SelectedPair Pair)>();
        foreach (var (name, person, host) in new[] { ($"Alice ({hostA.Name})", alice, hostA), ($"Bob ({hostB.Name})", bob, hostB) })
        {
            var pair = await SelectedPairAsync(person, settlesOn);
            Assert.True(pair is not null, $"{name} decodes media but getStats shows no selected candidate pair");
            output.WriteLine($"{name} at {host.Address}: {pair}");
            pairs.Add((name, pair));
        }

        return new Call(pairs, setup);
    }

    /// <summary>
    /// From Bob's Join click until the later of the two screens showed <paramref name="state"/>, by the pages' own
    /// marks (the test's polling would add its own interval), and each person's marks in the log: where the time went.
    /// </summary>
    private async Task<TimeSpan> SetupTimeAsync(CallPage alice, CallPage bob, string state)
    {
        var shown = CallTrace.Screen + state;
        var (aliceMarks, bobMarks) = (await CallTrace.ReadAsync(alice.Page), await CallTrace.ReadAsync(bob.Page));
        Assert.True(bobMarks.ContainsKey(CallTrace.Click), "Bob's page recorded no Join click");
        var click = bobMarks[CallTrace.Click];
        foreach (var (name, marks) in new[] { ("Alice", aliceMarks), ("Bob", bobMarks) })
        {
            Assert.True(marks.ContainsKey(shown), $"{name}'s page never recorded its screen showing {state}");
            output.WriteLine($"{name}, s from Bob's click: {CallTrace.Describe(marks, click)}");
        }

        return TimeSpan.FromMilliseconds(Math.Max(aliceMarks[shown], bobMarks[shown]) - click);
    }

    private static async Task<SelectedPair?> SelectedPairAsync(CallPage person, Func<SelectedPair, bool>? settlesOn)
    {
        var clock = Stopwatch.StartNew();
        var pair = await person.SelectedPairAsync();
        while (settlesOn is not null && (pair is null || !settlesOn(pair)) && clock.Elapsed < PairSettleTimeout)
        {
            await Task.Delay(250);
            pair = await person.SelectedPairAsync();
        }

        return pair;
    }

    private void Report(int number, string network, string expected, Call call) =>
        Report(number, network, expected, Describe(call.Pairs[0].Pair), Describe(call.Pairs[1].Pair), call.Setup);

    private void Report(int number, string network, string expected, string peerA, string peerB, TimeSpan setup)
    {
        var table = lab.Report.Add(new PathRow(number, network, expected, peerA, peerB, setup));
        output.WriteLine($"Proven network paths so far ({PathReport.FilePath}):");
        output.WriteLine(table);
    }

    /// <summary>
    /// The Firefox driver's last line of <paramref name="name"/> (it prints one JSON object a line, among whatever
    /// Firefox itself prints), if any.
    /// </summary>
    private static JsonElement? FirefoxEvent(ExternalTool firefox, string name)
    {
        var marker = $"{{\"event\":\"{name}\"";
        JsonElement? found = null;
        foreach (var line in firefox.Output.Split('\n'))
        {
            if (line.StartsWith(marker, StringComparison.Ordinal))
            {
                found = JsonDocument.Parse(line).RootElement;
            }
        }

        return found;
    }

    private static string Describe(SelectedPair pair) =>
        pair.Local == "relay" ? $"relay/{pair.LocalProtocol} ↔ {pair.Remote}" : $"{pair.Local} ↔ {pair.Remote}";

    private sealed record Call(IReadOnlyList<(string Name, SelectedPair Pair)> Pairs, TimeSpan Setup);
}
