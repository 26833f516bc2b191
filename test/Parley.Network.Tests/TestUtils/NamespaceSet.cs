using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Parley.Network.Tests.TestUtils;

/// <summary>
/// Network namespaces and interfaces named after this test process (<c>pn&lt;pid&gt;</c>), so that what a crashed
/// run left behind is recognisable and removed by the next one. Nothing is created in the host's own namespace.
/// </summary>
public sealed partial class NamespaceSet : IAsyncDisposable
{
    private const int MaxInterfaceName = 15;

    private readonly List<string> _namespaces = [];

    public static string Prefix { get; } = "pn" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The full name of namespace <paramref name="name"/> of this run.</summary>
    public static string Namespace(string name) => $"{Prefix}-{name}";

    /// <summary>An interface name of this run; Linux allows 15 characters.</summary>
    public static string Interface(string tag)
    {
        var name = Prefix + tag;
        Assert.True(name.Length <= MaxInterfaceName, $"Interface name {name} is longer than Linux's {MaxInterfaceName} characters.");
        return name;
    }

    /// <summary>Removes the namespaces of earlier runs whose process is gone, and whatever still runs in them.</summary>
    public static async Task RemoveLeftoversAsync()
    {
        var listing = await NetCommand.IpAsync("netns", "list");
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = line.Split(' ')[0];
            var match = OurNamespace().Match(name);
            if (match.Success && !Directory.Exists("/proc/" + match.Groups["pid"].Value))
            {
                await DeleteAsync(name);
            }
        }
    }

    public async Task<string> AddAsync(string name)
    {
        var ns = Namespace(name);
        await NetCommand.IpAsync("netns", "add", ns);
        _namespaces.Add(ns);
        await NetCommand.IpAsync("-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /// <summary>A veth pair from <paramref name="nsA"/> to <paramref name="nsB"/>, created in place, both ends up.</summary>
    public static async Task LinkAsync(string nsA, string ifA, string nsB, string ifB)
    {
        await NetCommand.IpAsync("link", "add", ifA, "netns", nsA, "type", "veth", "peer", "name", ifB, "netns", nsB);
        await NetCommand.IpAsync("-n", nsA, "link", "set", ifA, "up");
        await NetCommand.IpAsync("-n", nsB, "link", "set", ifB, "up");
    }

    /// <summary>Deletes every namespace of this run (their interfaces go with them), even after a failed test.</summary>
    public async ValueTask DisposeAsync()
    {
        var errors = new List<string>();
        foreach (var ns in Enumerable.Reverse(_namespaces))
        {
            try
            {
                await DeleteAsync(ns);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or InvalidOperationException)
            {
                errors.Add(e.Message);
            }
        }

        _namespaces.Clear();
        Assert.True(errors.Count == 0, "Could not remove the test's namespaces:\n" + string.Join('\n', errors));
    }

    private static async Task DeleteAsync(string ns)
    {
        // A namespace with processes in it would outlive its name; these are processes a test run started there.
        var pids = await NetCommand.IpAsync("netns", "pids", ns);
        foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                using var process = Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture));
                process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Already gone, or exiting.
            }
        }

        await NetCommand.IpAsync("netns", "del", ns);
    }

    [GeneratedRegex("^pn(?<pid>[0-9]+)-")]
    private static partial Regex OurNamespace();
}
