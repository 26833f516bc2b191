namespace Parley.Testing;

/// <summary>
/// Debian's Firefox ESR as one person of a call: <c>firefox-peer.mjs</c> beside this file, run by Node, drives it
/// over WebDriver BiDi with puppeteer-core, which this installs with <c>npm ci</c> on first use.
/// </summary>
public static class FirefoxPeer
{
    public const string ExecutablePath = "/usr/bin/firefox-esr";

    /// <summary>
    /// How long the other side waits for Firefox to join: it starts cold, with a new profile, and on a busy two-core
    /// machine that alone took 39 s.
    /// </summary>
    public static readonly TimeSpan StartAndJoinTimeout = TimeSpan.FromSeconds(90);

    private const string Node = "/usr/bin/node";
    private const string Npm = "/usr/bin/npm";

    private static readonly SemaphoreSlim Install = new(1, 1);

    /// <summary>
    /// Joins <paramref name="roomUrl"/> as <paramref name="name"/>; the script keeps the call up for <paramref name="hold"/>
    /// once it decodes video and audio from each of the <paramref name="others"/> other people. With
    /// <paramref name="launcher"/> (such as <c>ip netns exec &lt;namespace&gt;</c>), Node and the Firefox it starts run
    /// under that command.
    /// </summary>
    public static async Task<ExternalTool> StartAsync(Uri roomUrl, string name, TimeSpan hold, int others = 1, IReadOnlyList<string>? launcher = null)
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: eng/test.sh installs Debian's firefox-esr.");
        var folder = ScriptFolder();
        await EnsureInstalledAsync(folder);
        string[] command =
        [
            .. launcher ?? [],
            Node,
            Path.Combine(folder, "firefox-peer.mjs"),
            roomUrl.ToString(),
            name,
            ((long)hold.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            others.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        return ExternalTool.Start(command[0], command[1..]);
    }

    private static async Task EnsureInstalledAsync(string folder)
    {
        await Install.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(folder, "node_modules", "puppeteer-core")))
            {
                return;
            }

            var (exitCode, output) = await ExternalTool.RunAsync(
                TimeSpan.FromMinutes(5), Npm, "ci", "--prefix", folder, "--no-audit", "--no-fund");
            Assert.True(exitCode == 0, $"npm ci for the Firefox driver failed:\n{output}");
        }
        finally
        {
            Install.Release();
        }
    }

    /// <summary>The source folder of the driver script (tests run from their bin/, the script stays in the tree).</summary>
    private static string ScriptFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Parley.Testing", "Firefox");
            if (File.Exists(Path.Combine(candidate, "firefox-peer.mjs")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"Parley.Testing/Firefox/firefox-peer.mjs not found above {AppContext.BaseDirectory}.");
    }
}
