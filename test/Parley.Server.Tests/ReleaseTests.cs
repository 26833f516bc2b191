using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Parley.Server.Tests.TestUtils;

namespace Parley.Server.Tests;

/// <summary>
/// The release build: the native-AOT publish (eng/publish-aot.sh) is one executable that serves the web app from
/// inside itself and answers the operations endpoints. eng/test.sh publishes it once and names it in
/// <see cref="ParleyBinary.Variable"/>; without that, the fixture publishes it itself.
/// </summary>
/// <remarks>In the browser tests' collection: publishing takes both cores for minutes, so it never runs beside a call.</remarks>
[Collection(BrowserTestBedGroup.Name)]
[Trait("Category", Category)]
public sealed partial class ReleaseTests(ReleaseTests.PublishedParley release) : IClassFixture<ReleaseTests.PublishedParley>
{
    [Fact]
    public void Publish_ProducesOneExecutable_AndNothingBesideIt()
    {
        string[] files = [.. Directory.GetFileSystemEntries(release.Directory).Select(Path.GetFileName).OfType<string>()];

        Assert.Equal(["parley"], files);
    }

    [Fact]
    public async Task PublishedBinary_ServesTheWebAppAndItsScripts_FromInsideItself()
    {
        using var http = new HttpClient { BaseAddress = release.BaseAddress };

        var index = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        var script = ScriptPath().Match(index);
        Assert.True(script.Success, $"index.html names no script asset:\n{index}");
        using var asset = await http.GetAsync(new Uri(script.Groups[1].Value, UriKind.Relative));

        Assert.Contains("<div id=\"root\">", index, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/healthz", "application/json")]
    [InlineData("/readyz", "application/json")]
    [InlineData("/metrics", "text/plain")]
    public async Task PublishedBinary_AnswersTheOperationsEndpoints(string path, string mediaType)
    {
        using var http = new HttpClient { BaseAddress = release.BaseAddress };

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PublishedBinary_ReleasesItsStartupPagesOnceReady_AndServesOnWithThem()
    {
        // The page release runs after the first readiness check and logs at Debug, which the fixture turns on for it.
        await Eventually.HoldsAsync(
            () => release.Output.Contains("Released start-up pages of", StringComparison.Ordinal),
            () => $"The published parley never logged releasing its start-up pages:\n{release.Output}",
            TimeSpan.FromSeconds(30));

        using var http = new HttpClient { BaseAddress = release.BaseAddress };
        var index = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Contains("<div id=\"root\">", index, StringComparison.Ordinal);
        Assert.True(ready.StatusCode == HttpStatusCode.OK, $"/readyz answered {ready.StatusCode} after the release: {await ready.Content.ReadAsStringAsync()}");
    }

    /// <summary>The trait (<c>Category</c>) of these tests, which eng/test.sh runs with the published executable's.</summary>
    public const string Category = "Release";

    [GeneratedRegex("<script[^>]+src=\"(/assets/[^\"]+\\.js)\"")]
    private static partial Regex ScriptPath();

    /// <summary>Runs the published executable (publishing it first, slowly, unless given) on a free port.</summary>
    public sealed class PublishedParley : IAsyncLifetime
    {
        private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(20);
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

        private readonly string _root = System.IO.Directory.CreateTempSubdirectory("parley-release-").FullName;
        private ExternalTool? _process;

        public string Directory { get; private set; } = null!;

        public Uri BaseAddress { get; private set; } = null!;

        /// <summary>What the running executable has written so far.</summary>
        public string Output => _process?.Output ?? string.Empty;

        public async Task InitializeAsync()
        {
            var executable = ParleyBinary.Path ?? await PublishAsync();
            Directory = Path.GetDirectoryName(Path.GetFullPath(executable))!;

            var port = FreePort.Tcp();
            BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
            _process = ExternalTool.Start(executable,
                "--urls", BaseAddress.ToString().TrimEnd('/'), "--Turn:UdpPort", "0", "--Turn:TcpPort", "0",
                "--Logging:LogLevel:Parley.Server.Operations.StartupPageRelease", "Debug");
            await WaitUntilServingAsync();
        }

        public async Task DisposeAsync()
        {
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }

            System.IO.Directory.Delete(_root, recursive: true);
        }

        private async Task<string> PublishAsync()
        {
            var output = Path.Combine(_root, "publish");
            var (exitCode, log) = await ExternalTool.RunAsync(PublishTimeout, Path.Combine(RepositoryRoot(), "eng", "publish-aot.sh"),
                output, "-p:SkipWebClientBuild=true",
                // Its own build dirs, so this build never touches the binaries the test run uses.
                "--artifacts-path", Path.Combine(_root, "artifacts"));
            Assert.True(exitCode == 0, $"eng/publish-aot.sh failed ({exitCode}):\n{log}");
            return Path.Combine(output, "parley");
        }

        private async Task WaitUntilServingAsync()
        {
            using var http = new HttpClient { BaseAddress = BaseAddress };
            var deadline = DateTime.UtcNow + StartTimeout;
            while (true)
            {
                Assert.False(_process!.HasExited, $"The published parley exited at start:\n{_process.Output}");
                try
                {
                    using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                Assert.True(DateTime.UtcNow < deadline, $"The published parley did not answer within {StartTimeout.TotalSeconds} s:\n{_process.Output}");
                await Task.Delay(200);
            }
        }

        private static string RepositoryRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Parley.slnx")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Parley.slnx not found above " + AppContext.BaseDirectory);
        }
    }
}
