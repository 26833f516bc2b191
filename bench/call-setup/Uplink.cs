using System.Globalization;
using Microsoft.Playwright;

/// <summary>
/// Each person's whole uplink in rooms of 2, 4 and 8: one room that grows, every person a page with Chromium's fake
/// camera and microphone. Once everyone is connected with everyone (or three minutes passed: a busy machine is
/// measured all the same, and the table says how many connections were up) and the bandwidth estimates have had
/// time to climb, each page's outbound-rtp bytes (payload and headers, every connection that lived through the window
/// together) are read twice, a window apart. Reported beside it: the caps the page set on its senders (the sum of every encoding's maxBitrate)
/// and the web client's budget (bandwidth.ts, UPLINK_BUDGET_KBPS). Relayed (the server's ICE transport policy
/// relay), it also reads how many TURN allocations the room of eight holds and how many the quotas refused, from
/// /metrics.
/// </summary>
internal static class Uplink
{
    private const double BudgetKbps = 2500;
    private static readonly string[] Names = ["Ada", "Bob", "Cy", "Di", "Eve", "Fay", "Gus", "Hal"];
    private static readonly int[] Sizes = [2, 4, 8];
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ConnectDeadline = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The caps set on every sender (kbit/s), then bytes sent so far on each connection, as "caps id:bytes id:bytes…":
    /// a connection replaced during the window starts its counters over, so only those in both reads are compared.
    /// </summary>
    private const string SentScript = """
        async () => {
          window.__uplinkIds ??= new WeakMap();
          window.__uplinkCount ??= 0;
          let caps = 0;
          const sent = [];
          for (const { connection } of window.__parley?.peerConnections() ?? []) {
            if (!window.__uplinkIds.has(connection)) window.__uplinkIds.set(connection, ++window.__uplinkCount);
            let bytes = 0;
            (await connection.getStats()).forEach(s => {
              if (s.type === 'outbound-rtp') bytes += (s.bytesSent ?? 0) + (s.headerBytesSent ?? 0);
            });
            sent.push(`${window.__uplinkIds.get(connection)}:${bytes}`);
            for (const sender of connection.getSenders()) {
              for (const encoding of sender.getParameters().encodings ?? []) caps += (encoding.maxBitrate ?? 0) / 1000;
            }
          }
          return [caps, ...sent].join(' ');
        }
        """;

    /// <summary>
    /// Runs the rooms. <paramref name="capture"/>, "WIDTHxHEIGHT@FPS", has every camera capture that instead of the
    /// fake camera's 640×480 at 30 frames a second: a room of eight on two cores needs it.
    /// </summary>
    public static async Task<int> RunAsync(IBrowser browser, Uri home, bool relayed, string? capture)
    {
        var captureScript = capture is null ? null : CaptureScript(capture);
        var pages = new List<IPage>();
        var rows = new List<string>();
        var over = new List<string>();
        string room = "";
        foreach (var size in Sizes)
        {
            while (pages.Count < size)
            {
                var context = await browser.NewContextAsync(new BrowserNewContextOptions
                {
                    Permissions = ["camera", "microphone"],
                    ViewportSize = new ViewportSize { Width = 480, Height = 270 },
                });
                if (captureScript is not null)
                {
                    await context.AddInitScriptAsync(captureScript);
                }

                var page = await context.NewPageAsync();
                page.SetDefaultTimeout(90_000);
                if (pages.Count == 0)
                {
                    await page.GotoAsync(home.ToString());
                    room = await page.GetByLabel("Room").InputValueAsync();
                }
                else
                {
                    await page.GotoAsync(new Uri(home, "/r/" + room).ToString());
                }

                await page.GetByLabel("Username").FillAsync(Names[pages.Count]);
                await page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
                pages.Add(page);
            }

            var connected = await ConnectedAsync(pages, size);
            await Task.Delay(Settle);
            var before = await Task.WhenAll(pages.Select(SentAsync));
            var started = DateTime.UtcNow;
            await Task.Delay(Window);
            var after = await Task.WhenAll(pages.Select(SentAsync));
            var seconds = (DateTime.UtcNow - started).TotalSeconds;
            var uplinks = pages.Select((_, i) => after[i].Bytes.Where(c => before[i].Bytes.ContainsKey(c.Key)).Sum(c => c.Value - before[i].Bytes[c.Key]) * 8 / 1000 / seconds).ToList();
            var caps = after.Select(sent => sent.CapsKbps).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{size} people: {string.Join(", ", Names.Take(size).Select((name, i) => $"{name} {uplinks[i]:F0}"))} kbit/s"));
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {size} | {connected} of {size * (size - 1)} | {Median(uplinks):F0} | {uplinks.Min():F0} | {uplinks.Max():F0} | {caps.Max():F0} | {BudgetKbps:F0} |"));
            if (uplinks.Max() > BudgetKbps * 1.1)
            {
                over.Add($"{size} people");
            }
        }

        string turn = relayed ? await TurnAllocationsAsync(home, pages.Count) : "";

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Uplink per person on loopback{(relayed ? ", every connection relayed by Parley's TURN" : "")}, cameras capturing {capture ?? "640x480@30"}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Settle.TotalSeconds:F0} s to settle then {Window.TotalSeconds:F0} s measured per size, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}:"));
        Console.WriteLine();
        Console.WriteLine("| People | Connections connected | Uplink median kbit/s | min | max | Caps set (highest person) kbit/s | Budget kbit/s |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine();
        if (relayed)
        {
            Console.WriteLine();
            Console.WriteLine(turn);
        }

        Console.WriteLine(over.Count == 0
            ? "Within the budget (with 10 % for RTP headers and the estimate's overshoot) at every size."
            : $"Over the budget with {string.Join(", ", over)}.");
        return over.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// Waits until every page is connected with every other, or <see cref="ConnectDeadline"/> passes (a machine too
    /// busy for the room is measured all the same, and says so); returns how many connections are connected, counted
    /// from both ends.
    /// </summary>
    private static async Task<int> ConnectedAsync(List<IPage> pages, int size)
    {
        var deadline = DateTime.UtcNow + ConnectDeadline;
        while (true)
        {
            var counts = await Task.WhenAll(pages.Select(page => page.EvaluateAsync<int>(
                "() => (window.__parley?.peerConnections() ?? []).filter(p => p.connection.connectionState === 'connected').length")));
            var connected = counts.Sum();
            if (connected == size * (size - 1) || DateTime.UtcNow > deadline)
            {
                return connected;
            }

            await Task.Delay(500);
        }
    }

    /// <summary>The TURN allocations that exist now and the requests the quotas refused, from the server's /metrics.</summary>
    private static async Task<string> TurnAllocationsAsync(Uri home, int people)
    {
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(home, "/metrics"));
        double Sum(string name) => metrics.Split('\n')
            .Where(line => line.StartsWith(name, StringComparison.Ordinal) && (line.Length == name.Length || line[name.Length] is ' ' or '{'))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        var active = Sum("parley_turn_allocations_active");
        return string.Create(CultureInfo.InvariantCulture,
            $"TURN with {people} people: {active:F0} allocations ({active / people:F1} per person, Turn:MaxAllocationsPerUser 48), {Sum("parley_turn_refusals_total"):F0} refused by a quota.");
    }

    private static string CaptureScript(string capture)
    {
        var match = System.Text.RegularExpressions.Regex.Match(capture, @"^(\d+)x(\d+)@(\d+)$");
        if (!match.Success)
        {
            throw new ArgumentException($"A capture is WIDTHxHEIGHT@FPS, e.g. 320x180@15, not '{capture}'.");
        }

        int Group(int i) => int.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture);
        return Parley.Testing.CameraCapture.InitScript(Group(1), Group(2), Group(3));
    }

    private static async Task<(Dictionary<string, double> Bytes, double CapsKbps)> SentAsync(IPage page)
    {
        var fields = (await page.EvaluateAsync<string>(SentScript)).Split(' ');
        var bytes = fields.Skip(1).Select(field => field.Split(':')).ToDictionary(pair => pair[0], pair => double.Parse(pair[1], CultureInfo.InvariantCulture));
        return (bytes, double.Parse(fields[0], CultureInfo.InvariantCulture));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
