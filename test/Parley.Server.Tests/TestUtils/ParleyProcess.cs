using System.Globalization;

namespace Parley.Server.Tests.TestUtils;

/// <summary>Parley as its own process, so that killing it drops every connection the way a crash does.</summary>
public sealed class ParleyProcess : IAsyncDisposable
{
    // The JIT build compiles fully optimised on first use: on a busy 2-core machine two nodes starting at once take long.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly ExternalTool _process;

    private ParleyProcess(ExternalTool process)
    {
        _process = process;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the built host on <paramref name="port"/> and waits until it answers HTTP.</summary>
    /// <param name="port">The loopback port of the web app and signaling socket.</param>
    /// <param name="settings">Extra command-line settings, after (so winning over) the test defaults.</param>
    public static async Task<ParleyProcess> StartAsync(int port, params string[] settings)
    {
        var address = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var server = new ParleyProcess(ExternalTool.Start(
            Environment.ProcessPath!,
            [
                typeof(ParleyApplication).Assembly.Location,
                "--urls", address,
                "--Logging:LogLevel:Default", "Warning",
                "--Turn:UdpPort", "0",
                "--Turn:TcpPort", "0",
                "--Turn:SharedSecrets:0", ParleyServer.TurnSecret,
                .. settings,
            ]));

        try
        {
            await server.WaitUntilAnsweringAsync(address);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilAnsweringAsync(string address)
    {
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            Assert.False(_process.HasExited, $"Parley exited at start:\n{_process.Output}");
            try
            {
                using var response = await http.GetAsync(new Uri("/api/ice-servers", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"Parley did not start within {StartTimeout.TotalSeconds} s:\n{_process.Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>Sends SIGTERM, as systemd or an orchestrator stopping the node does.</summary>
    public Task TerminateAsync() => _process.SignalAsync("TERM");

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public Task<int> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    /// <summary>Kills the process at once: no goodbye to any client, like a crash or a power cut.</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
