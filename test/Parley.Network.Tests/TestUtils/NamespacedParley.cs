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
                    Environment.ProcessPath!, typeof(ParleyApplication).Assembly.Location,
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

    private static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);
}
