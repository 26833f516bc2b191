using System.Globalization;
using Microsoft.Playwright;

/// <summary>
/// The fourth joiner of a group call: Ada, Bob and Cy are in a call, Di clicks Join; measured is Di's click to the
/// first decoded video frame from each of the three others. Then the CPU each person's browser spends on the
/// four-way call. Each person has a Chromium of their own, so that each one's CPU is its own process tree.
/// </summary>
internal static class FourWay
{
    private static readonly string[] Names = ["Ada", "Bob", "Cy", "Di"];
    private static readonly TimeSpan CpuWindow = TimeSpan.FromSeconds(20);

    public static async Task<int> RunAsync(IPlaywright playwright, Uri home, int rounds, IReadOnlyList<string> chromiumArgs)
    {
        var browsers = new List<IBrowser>();
        foreach (var name in Names)
        {
            browsers.Add(await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                // Chromium ignores a switch it does not know; here it marks whose browser process this is.
                Args = [.. chromiumArgs, $"--parley-bench-person={name}"],
            }));
        }

        try
        {
            var allThree = new List<double>();
            var firstOfThree = new List<double>();
            var cpu = Names.ToDictionary(name => name, _ => new List<double>());
            for (int round = 0; round <= rounds; round++)
            {
                var (times, load) = await OneRoundAsync(browsers, home);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}{(round == 0 ? " (warm-up)" : string.Empty)}: Di's first frames {string.Join(", ", times.Select(t => $"{t:F0}"))} ms; CPU {string.Join(", ", Names.Select(n => $"{n} {load[n]:F0} %"))}"));
                if (round > 0)
                {
                    allThree.Add(times.Max());
                    firstOfThree.Add(times.Min());
                    foreach (var name in Names)
                    {
                        cpu[name].Add(load[name]);
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine($"Four-way call on loopback, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {rounds} rounds after one warm-up, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}:");
            Console.WriteLine();
            Console.WriteLine("| From Di's Join click (the fourth) to the first decoded frame | median ms | min ms | max ms |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine(Row("from the first of the three others", firstOfThree, "F0"));
            Console.WriteLine(Row("from all three others", allThree, "F0"));
            Console.WriteLine();
            Console.WriteLine($"| CPU of each person's browser during the four-way call ({CpuWindow.TotalSeconds:F0} s), % of one core | median | min | max |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var name in Names)
            {
                Console.WriteLine(Row(name, cpu[name], "F0"));
            }

            return 0;
        }
        finally
        {
            foreach (var browser in browsers)
            {
                await browser.CloseAsync();
            }
        }
    }

    private static async Task<(List<double> Times, Dictionary<string, double> Cpu)> OneRoundAsync(List<IBrowser> browsers, Uri home)
    {
        var pages = new List<IPage>();
        try
        {
            foreach (var browser in browsers)
            {
                var context = await browser.NewContextAsync(new BrowserNewContextOptions { Permissions = ["camera", "microphone"] });
                await context.AddInitScriptAsync(FirstFramesScript);
                var page = await context.NewPageAsync();
                page.SetDefaultTimeout(60_000);
                pages.Add(page);
            }

            await pages[0].GotoAsync(home.ToString());
            var room = await pages[0].GetByLabel("Room").InputValueAsync();
            await pages[0].GetByLabel("Username").FillAsync(Names[0]);
            await pages[0].GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
            for (int i = 1; i < 3; i++)
            {
                await JoinAsync(pages[i], home, room, Names[i]);
            }

            // The three are in a call with each other before the fourth comes.
            await pages[0].WaitForFunctionAsync("() => (window.__parley?.peerConnections() ?? []).filter(p => p.connection.connectionState === 'connected').length === 2", null, new() { Timeout = 60_000 });

            await JoinAsync(pages[3], home, room, Names[3]);
            double clicked = await pages[3].EvaluateAsync<double>("() => window.__bench.joinClickedAt");
            var frames = await pages[3].EvaluateAsync<double[]>("""
                () => new Promise((resolve, reject) => {
                  const since = Date.now();
                  const poll = () => {
                    const seen = Object.values(window.__bench.firstFrames);
                    if (seen.length === 3) return resolve(seen);
                    if (Date.now() - since > 60000) return reject(new Error(`frames from only ${seen.length} of 3 within 60 s`));
                    setTimeout(poll, 20);
                  };
                  poll();
                })
                """);
            var times = frames.Select(frame => frame - clicked).Order().ToList();

            // Everyone connected with everyone: the call as it runs.
            foreach (var page in pages)
            {
                await page.WaitForFunctionAsync("() => (window.__parley?.peerConnections() ?? []).filter(p => p.connection.connectionState === 'connected').length === 3", null, new() { Timeout = 60_000 });
            }

            var cpu = await CpuPercentAsync(CpuWindow);
            return (times, cpu);
        }
        finally
        {
            foreach (var page in pages)
            {
                await page.Context.CloseAsync();
            }
        }
    }

    private static async Task JoinAsync(IPage page, Uri home, string room, string name)
    {
        await page.GotoAsync(new Uri(home, "/r/" + room).ToString());
        await page.GetByLabel("Username").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
    }

    /// <summary>The Join click and, per other person, the first decoded video frame (wall clock, polled every 10 ms).</summary>
    private const string FirstFramesScript = """
        window.__bench = { firstFrames: {} };
        document.addEventListener('click', e => {
          const button = e.target.closest && e.target.closest('button');
          if (button && button.textContent.trim() === 'Join') window.__bench.joinClickedAt = performance.timeOrigin + performance.now();
        }, true);
        const poll = async () => {
          for (const { username, connection } of (window.__parley?.peerConnections() ?? [])) {
            if (window.__bench.firstFrames[username] !== undefined) continue;
            for (const r of (await connection.getStats()).values()) {
              if (r.type === 'inbound-rtp' && r.kind === 'video' && r.framesDecoded > 0) {
                window.__bench.firstFrames[username] = performance.timeOrigin + performance.now();
              }
            }
          }
          setTimeout(poll, 10);
        };
        poll();
        """;

    /// <summary>CPU time of each person's browser (its process and all its children) over <paramref name="window"/>, in % of one core.</summary>
    private static async Task<Dictionary<string, double>> CpuPercentAsync(TimeSpan window)
    {
        var before = Names.ToDictionary(name => name, BrowserTicks);
        var started = DateTime.UtcNow;
        await Task.Delay(window);
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        // Linux counts CPU time in clock ticks of 1/100 s (USER_HZ).
        return Names.ToDictionary(name => name, name => (BrowserTicks(name) - before[name]) / 100.0 / seconds * 100);
    }

    private static long BrowserTicks(string name)
    {
        var processes = new Dictionary<int, (int Parent, long Ticks)>();
        var root = -1;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid ... utime stime ..." (fields 4, 14 and 15); comm may hold spaces.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                processes[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains($"--parley-bench-person={name}\0", StringComparison.Ordinal))
                {
                    root = pid;
                }
            }
            catch (IOException)
            {
                // The process ended while it was read.
            }
        }

        var tree = new HashSet<int> { root };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (pid, (parent, _)) in processes)
            {
                if (tree.Contains(parent) && tree.Add(pid))
                {
                    grew = true;
                }
            }
        }

        return tree.Where(processes.ContainsKey).Sum(pid => processes[pid].Ticks);
    }

    private static string Row(string what, List<double> values, string format)
    {
        var sorted = values.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"| {what} | {median.ToString(format, CultureInfo.InvariantCulture)} | {sorted.Min().ToString(format, CultureInfo.InvariantCulture)} | {sorted.Max().ToString(format, CultureInfo.InvariantCulture)} |");
    }
}
