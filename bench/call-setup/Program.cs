using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;

// Call setup on loopback: a fresh Parley process, Debian's Chromium with fake media; per round Alice opens a new
// room and waits, Bob opens its link and clicks Join, and each page notes when its first remote video frame was
// decoded. Reported: Bob's click to each side's first frame, median and spread of the rounds. With "four", the fourth
// joiner of a group call and the CPU of a four-way call instead (FourWay.cs); with "uplink", each person's uplink in
// rooms of 2, 4 and 8 (Uplink.cs), and with "uplink-relay" the same through Parley's TURN alone; a fourth argument,
// WIDTHxHEIGHT@FPS, sets the cameras' capture for those two.
var parleyDll = args.Length > 0 ? args[0] : throw new ArgumentException("usage: Parley.Bench.CallSetup <path to parley.dll> [rounds] [two|four|uplink|uplink-relay] [WIDTHxHEIGHT@FPS]");
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
string mode = args.Length > 2 ? args[2] : "two";
int port = FreeTcpPort();
var home = new Uri($"http://127.0.0.1:{port}/");

// Rooms of eight: the largest the uplink mode makes.
string[] serverArgs = [parleyDll, "--urls", home.ToString().TrimEnd('/'), "--Logging:LogLevel:Default", "Warning", "--Turn:UdpPort", "0", "--Turn:TcpPort", "0", "--Signaling:RoomCapacity", "8"];
using var server = Process.Start(new ProcessStartInfo("dotnet", mode == "uplink-relay" ? [.. serverArgs, "--Ice:TransportPolicy", "relay"] : serverArgs)
{
    RedirectStandardOutput = true,
    RedirectStandardError = true,
}) ?? throw new InvalidOperationException("Could not start Parley.");
server.OutputDataReceived += (_, _) => { };
server.ErrorDataReceived += (_, e) =>
{
    if (e.Data is not null)
    {
        Console.Error.WriteLine("[parley] " + e.Data);
    }
};
server.BeginOutputReadLine();
server.BeginErrorReadLine();

try
{
    await WaitForServerAsync(home, TimeSpan.FromSeconds(60));
    using var playwright = await Playwright.CreateAsync();
    string[] chromiumArgs = ["--no-sandbox", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-features=WebRtcHideLocalIpsWithMdns",
        .. (Environment.GetEnvironmentVariable("CALLSETUP_CHROMIUM_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    if (mode == "four")
    {
        return await FourWay.RunAsync(playwright, home, rounds, chromiumArgs);
    }

    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Environment.GetEnvironmentVariable("CALLSETUP_CHROMIUM") ?? "/usr/bin/chromium",
        Headless = true,
        Args = chromiumArgs,
    });
    if (mode is "uplink" or "uplink-relay")
    {
        return await Uplink.RunAsync(browser, home, relayed: mode == "uplink-relay", capture: args.Length > 3 ? args[3] : null);
    }

    var bobTimes = new List<double>();
    var aliceTimes = new List<double>();
    var bobPhases = new List<Dictionary<string, double>>();
    var alicePhases = new List<Dictionary<string, double>>();
    var bobFacts = new List<Dictionary<string, double>>();
    var aliceFacts = new List<Dictionary<string, double>>();
    // The first round pays for the server's JIT and the browser's start-up; it is reported apart.
    for (int round = 0; round <= rounds; round++)
    {
        var (alice, bob, aliceTrace, bobTrace, aliceFact, bobFact) = await OneCallAsync(browser, home);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}{(round == 0 ? " (warm-up)" : string.Empty)}: Bob {bob:F0} ms, Alice {alice:F0} ms"));
        if (round > 0)
        {
            bobTimes.Add(bob);
            aliceTimes.Add(alice);
            bobPhases.Add(bobTrace);
            alicePhases.Add(aliceTrace);
            bobFacts.Add(bobFact);
            aliceFacts.Add(aliceFact);
        }
    }

    Console.WriteLine();
    Console.WriteLine($"Call setup on loopback, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {rounds} rounds after one warm-up, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}:");
    Console.WriteLine();
    Console.WriteLine("| From Bob's Join click to the first decoded remote frame | median ms | min ms | max ms |");
    Console.WriteLine("|---|---|---|---|");
    Console.WriteLine(Row("at Bob (the joiner)", bobTimes));
    Console.WriteLine(Row("at Alice (waiting in the room)", aliceTimes));
    Console.WriteLine();
    Console.Write(PhaseTrace.Table(bobPhases, alicePhases));
    Console.WriteLine();
    Console.Write(PhaseTrace.FactTable(bobFacts, aliceFacts));
    // Issue 19's target: half a second on both sides.
    double slowest = Math.Max(Median(bobTimes), Median(aliceTimes));
    Console.WriteLine();
    Console.WriteLine(slowest <= 500 ? "Target met: median at most 500 ms on both sides." : $"Target missed: a median of {slowest:F0} ms is over 500 ms.");
    return slowest <= 500 ? 0 : 1;
}
finally
{
    server.Kill(entireProcessTree: true);
    await server.WaitForExitAsync();
}

static async Task PrintMarksAsync(IPage alice, IPage bob, double clicked)
{
    // The click's wall-clock time, to find the round in a browser log (CALLSETUP_CHROMIUM_ARGS).
    await Console.Error.WriteLineAsync($"Bob clicked Join at {DateTimeOffset.FromUnixTimeMilliseconds((long)clicked).UtcDateTime:HH:mm:ss.fff} UTC");
    foreach (var (name, page) in new[] { ("Bob", bob), ("Alice", alice) })
    {
        var marks = await page.EvaluateAsync<string>(
            "t => window.__bench.trace.map(m => `${m.name}@${Math.round(m.t - t)}`).join(' ')", clicked);
        await Console.Error.WriteLineAsync($"{name}'s marks (ms after Bob's click): {marks}");
    }
}

static async Task<(double Alice, double Bob, Dictionary<string, double> AliceTrace, Dictionary<string, double> BobTrace, Dictionary<string, double> AliceFacts, Dictionary<string, double> BobFacts)> OneCallAsync(IBrowser browser, Uri home)
{
    var alice = await NewPersonAsync(browser);
    var bob = await NewPersonAsync(browser);
    try
    {
        await alice.GotoAsync(home.ToString());
        var room = await alice.GetByLabel("Room").InputValueAsync();
        await alice.GetByLabel("Username").FillAsync("Alice");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await alice.Locator("[role=status][data-state=waiting]").WaitForAsync(new() { Timeout = 30_000 });

        await bob.GotoAsync(new Uri(home, "/r/" + room).ToString());
        await bob.GetByLabel("Username").FillAsync("Bob");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        double clicked = await bob.EvaluateAsync<double>("() => window.__bench.joinClickedAt");
        double bobFrame, aliceFrame;
        try
        {
            bobFrame = await FirstFrameAsync(bob);
            aliceFrame = await FirstFrameAsync(alice);
        }
        catch (PlaywrightException)
        {
            // A call that never showed video: what each page went through, for whoever looks into it.
            await PrintMarksAsync(alice, bob, clicked);
            throw;
        }

        // A round this slow went through a recovery (the client restarts ICE 12 s into a setup standing still): its marks say which.
        const double SlowRoundMs = 5000;
        if (Math.Max(bobFrame, aliceFrame) - clicked > SlowRoundMs)
        {
            await PrintMarksAsync(alice, bob, clicked);
        }

        var bobTrace = await TraceAsync(bob, bobFrame, clicked);
        var aliceTrace = await TraceAsync(alice, aliceFrame, clicked);
        return (aliceFrame - clicked, bobFrame - clicked, aliceTrace, bobTrace, await FactsAsync(alice), await FactsAsync(bob));
    }
    finally
    {
        await alice.Context.CloseAsync();
        await bob.Context.CloseAsync();
    }
}

static async Task<IPage> NewPersonAsync(IBrowser browser)
{
    var context = await browser.NewContextAsync(new BrowserNewContextOptions { Permissions = ["camera", "microphone"] });
    // Wall-clock times (the pages share this machine's clock): the Join click, and the first decoded video frame
    // polled from getStats every 10 ms, so each figure is exact to about that.
    await context.AddInitScriptAsync("""
        window.__bench = {};
        document.addEventListener('click', e => {
          const button = e.target.closest && e.target.closest('button');
          if (button && button.textContent.trim() === 'Join') window.__bench.joinClickedAt = performance.timeOrigin + performance.now();
        }, true);
        window.__bench.watchFirstFrame = () => new Promise(resolve => {
          const poll = async () => {
            const pc = window.__parley && window.__parley.peerConnection();
            if (pc) {
              const stats = await pc.getStats();
              window.__bench.observeStats(stats);
              for (const r of stats.values()) {
                if (r.type === 'inbound-rtp' && r.kind === 'video' && r.framesDecoded > 0) return resolve(performance.timeOrigin + performance.now());
              }
            }
            setTimeout(poll, 10);
          };
          poll();
        });
        window.__bench.firstFrame = null;
        document.addEventListener('DOMContentLoaded', () => { window.__bench.firstFrame = window.__bench.watchFirstFrame(); });
        """ + PhaseTrace.InitScript + (Environment.GetEnvironmentVariable("CALLSETUP_INIT") is { } extra ? File.ReadAllText(extra) : ""));
    return await context.NewPageAsync();
}

static async Task<double> FirstFrameAsync(IPage page) =>
    await page.EvaluateAsync<double>("() => Promise.race([window.__bench.firstFrame, new Promise((_, reject) => setTimeout(() => reject(new Error('no remote video within 30 s')), 30000))])");

// The page's marks as offsets from the click, the first decoded frame among them; the presented frame may come a
// moment later. Of the connections' marks, only those of the call's connection count.
static async Task<Dictionary<string, double>> TraceAsync(IPage page, double firstFrame, double clicked)
{
    string json = await page.EvaluateAsync<string>("""
        () => new Promise(resolve => {
          const since = Date.now();
          const done = () => {
            const pc = window.__parley && window.__parley.peerConnection();
            resolve(JSON.stringify({ marks: window.__bench.trace, callPc: pc ? pc.__benchId : null }));
          };
          const poll = () => window.__bench.trace.some(m => m.name === 'video.presented') || Date.now() - since > 2000
            ? done() : setTimeout(poll, 10);
          poll();
        })
        """);
    var trace = JsonSerializer.Deserialize<PageTrace>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web));
    List<PhaseTrace.Mark> marks = [.. trace?.Marks ?? [], new PhaseTrace.Mark("video.firstFrame", firstFrame)];
    return PhaseTrace.Offsets(marks, clicked, trace?.CallPc);
}

static async Task<Dictionary<string, double>> FactsAsync(IPage page) =>
    JsonSerializer.Deserialize<Dictionary<string, double>>(await page.EvaluateAsync<string>("() => JSON.stringify(Object.fromEntries(Object.entries(window.__bench.facts).filter(([, v]) => Number.isFinite(v))))")) ?? [];

static string Row(string side, List<double> times) =>
    string.Create(CultureInfo.InvariantCulture, $"| {side} | {Median(times):F0} | {times.Min():F0} | {times.Max():F0} |");

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static int FreeTcpPort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task WaitForServerAsync(Uri home, TimeSpan timeout)
{
    using var http = new HttpClient();
    var deadline = DateTime.UtcNow + timeout;
    while (true)
    {
        try
        {
            (await http.GetAsync(home)).EnsureSuccessStatusCode();
            return;
        }
        catch (HttpRequestException) when (DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
    }
}

internal sealed record PageTrace(List<PhaseTrace.Mark>? Marks, int? CallPc);
