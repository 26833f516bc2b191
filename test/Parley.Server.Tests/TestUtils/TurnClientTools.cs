using System.Globalization;
using System.Text.RegularExpressions;

namespace Parley.Server.Tests.TestUtils;

/// <summary>coturn's client tools (Debian's coturn package), pointed at Parley's TURN.</summary>
internal static partial class TurnClientTools
{
    public const string UClient = "/usr/bin/turnutils_uclient";
    public const string Peer = "/usr/bin/turnutils_peer";
    public const string StunClient = "/usr/bin/turnutils_stunclient";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Has turnutils_uclient send 200 messages through the TURN server on <paramref name="serverPort"/> to a
    /// turnutils_peer on loopback, and checks that every one came back. <paramref name="flags"/> pick the route
    /// (<c>-t</c> TCP, <c>-S</c> TLS, <c>-s</c> Send indications instead of channels).
    /// </summary>
    public static Task AssertRelaysEveryMessageAsync(string route, int serverPort, string secret, params string[] flags) =>
        AssertRelaysEveryMessageAsync(route, serverPort, ["-u", "interop", "-W", secret, .. flags]);

    /// <summary>As above, with the long-term credential a seat was given (<paramref name="username"/>, <paramref name="password"/>).</summary>
    public static Task AssertRelaysEveryMessageAsync(string route, int serverPort, string username, string password, params string[] flags) =>
        AssertRelaysEveryMessageAsync(route, serverPort, ["-u", username, "-w", password, .. flags]);

    private static async Task AssertRelaysEveryMessageAsync(string route, int serverPort, string[] flags)
    {
        var peerPort = FreePort.Udp().ToString(CultureInfo.InvariantCulture);
        await using var peer = ExternalTool.Start(Peer, "-L", "127.0.0.1", "-p", peerPort);

        var (exitCode, output) = await ExternalTool.RunAsync(Timeout, UClient,
        [
            .. flags, "-c", "-e", "127.0.0.1", "-r", peerPort, "-m", "4", "-n", "50", "-l", "500",
            "-p", serverPort.ToString(CultureInfo.InvariantCulture), "127.0.0.1",
        ]);

        Assert.True(exitCode == 0, $"turnutils_uclient ({route}) failed:\n{output}");
        var totals = Totals().Match(output);
        Assert.True(totals.Success, $"turnutils_uclient ({route}) printed no totals:\n{output}");
        Assert.True(totals.Groups["sent"].Value == "200" && totals.Groups["received"].Value == "200",
            $"turnutils_uclient ({route}) sent {totals.Groups["sent"].Value} and got back {totals.Groups["received"].Value} of 200:\n{output}");
        Assert.Contains("Total lost packets 0 (", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"tot_send_msgs=(?<sent>\d+), tot_recv_msgs=(?<received>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Totals();
}
