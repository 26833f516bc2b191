using System.Globalization;
using Parley.Server;

namespace Parley.Network.Tests.TestUtils;

/// <summary>The built Parley host as its own process inside a lab namespace, configured as on a real server.</summary>
public sealed class NamespacedParley : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ExternalTool _process;

    private NamespacedParley(ExternalTool process, Uri home, Uri? secureHome)
    {
        _process = process;
        Home = home;
        SecureHome = secureHome;
    }

    public Uri Home { get; }

    /// <summary>The <c>https://</c> address, whose port also serves TURN over TLS; null without TLS.</summary>
    public Uri? SecureHome { get; }

    public string Output => _process.Output;

    /// <summary>
    /// Starts Parley on <c>http://{host}:{port}</c> (and <c>https://{host}:{tlsPort}</c> when given, which needs the
    /// <c>Tls:</c> settings) in <paramref name="host"/>'s namespace with <paramref name="settings"/> on top, and waits
    /// until Kestrel says it listens (the test process itself cannot reach the lab's addresses).
    /// </summary>
    public static async Task<NamespacedParley> StartAsync(LabHost host, int port, int? tlsPort, params string[] settings)
    {
        var home = new Uri($"http://{host.Address}:{port.ToString(CultureInfo.InvariantCulture)}/");
        var secureHome = tlsPort is { } secure ? new Uri($"https://{host.Address}:{secure.ToString(CultureInfo.InvariantCulture)}/") : null;
        var urls = secureHome is null ? Origin(home) : $"{Origin(home)};{Origin(secureHome)}";
        var server = new NamespacedParley(
            ExternalTool.Start(
                NetCommand.Ip,
                [
                    "netns", "exec", host.Namespace,
                    .. Executable(),
                    "--urls", urls,
                    "--Logging:LogLevel:Default", "Warning",
                    "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information",
                    .. settings,
                ]),
            home,
            secureHome);

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!server.Output.Contains("Now listening on", StringComparison.Ordinal))
        {
            Assert.False(server._process.HasExited, $"Parley exited at start:\n{server.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"Parley did not start within {StartTimeout.TotalSeconds} s:\n{server.Output}");
            await Task.Delay(200);
        }

        return server;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>
    /// The native-AOT release when PARLEY_SERVER_BINARY names it (as eng/publish-aot.sh prints it), which is what
    /// operators run; otherwise the JIT build beside the tests, whose first STUN and TURN answers after a start wait
    /// for the JIT to compile that code.
    /// </summary>
    private static string[] Executable()
    {
        if (Environment.GetEnvironmentVariable("PARLEY_SERVER_BINARY") is { Length: > 0 } binary)
        {
            Assert.True(File.Exists(binary), $"PARLEY_SERVER_BINARY names {binary}, which does not exist: eng/publish-aot.sh publishes it.");
            return [binary];
        }

        return [Environment.ProcessPath!, typeof(ParleyApplication).Assembly.Location];
    }

    private static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);
}
