using System.Globalization;
using Parley.Server.Turn;

namespace Parley.Server.Tests.TestUtils;

/// <summary>
/// The published executable in its own process, standing in for the in-process host when
/// <see cref="Variable"/> names it: eng/test.sh runs the tests of <see cref="Category"/> against the native-AOT release.
/// </summary>
public sealed class ParleyBinary : IAsyncDisposable
{
    /// <summary>The environment variable naming the executable, e.g. what eng/publish-aot.sh printed.</summary>
    public const string Variable = "PARLEY_SERVER_BINARY";

    /// <summary>The trait (<c>Category</c>) of the tests that also run against the published executable.</summary>
    public const string Category = "Binary";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ExternalTool _process;

    private ParleyBinary(ExternalTool process, Uri baseAddress, EmbeddedTurnEndpoints turn)
    {
        _process = process;
        BaseAddress = baseAddress;
        Turn = turn;
    }

    /// <summary>The executable named by <see cref="Variable"/>, or null to run the host in this process.</summary>
    public static string? Path => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : null;

    public Uri BaseAddress { get; }

    public EmbeddedTurnEndpoints Turn { get; }

    /// <summary>
    /// Starts <paramref name="path"/> with the command-line <paramref name="settings"/> (later ones win) and waits
    /// until its host has started. Port 0 is how the in-process host gets free ports; here the tests must know the
    /// ports, so each 0 becomes a port that is free now.
    /// </summary>
    public static async Task<ParleyBinary> StartAsync(string path, IReadOnlyList<string> settings)
    {
        Assert.True(File.Exists(path), $"{Variable} names {path}, which does not exist: eng/publish-aot.sh publishes it.");
        var url = new Uri(Setting(settings, "urls") ?? throw new ArgumentException("No --urls among the settings.", nameof(settings)));
        var baseAddress = url.Port == 0 ? new UriBuilder(url) { Port = FreePort.Tcp() }.Uri : url;
        var udpPort = Setting(settings, "Turn:UdpPort") is "0" ? FreePort.Udp() : PortSetting(settings, "Turn:UdpPort");
        var tcpPort = Setting(settings, "Turn:TcpPort") is "0" ? FreePort.Tcp() : PortSetting(settings, "Turn:TcpPort");
        var turn = new EmbeddedTurnEndpoints(
            Setting(settings, "Turn:EnableUdp") is "false" ? null : udpPort,
            Setting(settings, "Turn:EnableTcp") is "false" ? null : tcpPort,
            Setting(settings, "Turn:SharedSecrets:0") ?? "");

        var process = ExternalTool.Start(path,
        [
            .. settings,
            "--urls", baseAddress.GetLeftPart(UriPartial.Authority),
            "--Turn:UdpPort", udpPort.ToString(CultureInfo.InvariantCulture),
            "--Turn:TcpPort", tcpPort.ToString(CultureInfo.InvariantCulture),

            // Its "Application started" line tells when every hosted service, TURN included, has started.
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information",
        ]);
        var binary = new ParleyBinary(process, baseAddress, turn);
        try
        {
            await Eventually.HoldsAsync(
                () => process.HasExited || process.Output.Contains("Application started.", StringComparison.Ordinal),
                () => $"{path} did not start:\n{process.Output}",
                StartTimeout);
            Assert.False(process.HasExited, $"{path} exited before it started:\n{process.Output}");
        }
        catch
        {
            await binary.DisposeAsync();
            throw;
        }

        return binary;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static string? Setting(IReadOnlyList<string> settings, string name)
    {
        string? value = null;
        for (var i = 0; i < settings.Count - 1; i++)
        {
            if (settings[i] == "--" + name)
            {
                value = settings[i + 1];
            }
        }

        return value;
    }

    private static int PortSetting(IReadOnlyList<string> settings, string name) =>
        int.Parse(Setting(settings, name) ?? "3478", CultureInfo.InvariantCulture);
}
