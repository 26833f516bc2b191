using System.Globalization;

namespace Parley.Server.Tests.TestUtils;

/// <summary>Parley as its own process, so that killing it drops every connection the way a crash does.</summary>
public sealed class ParleyProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ExternalTool _process;

    private ParleyProcess(ExternalTool process)
    {
        _process = process;
    }

    /// <summary>Starts the built host on <paramref name="port"/> and waits until it answers HTTP.</summary>
    public static async Task<ParleyProcess> StartAsync(int port)
    {
        var address = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var server = new ParleyProcess(ExternalTool.Start(
            Environment.ProcessPath!,
            typeof(ParleyApplication).Assembly.Location,
            "--urls", address,
            "--Logging:LogLevel:Default", "Warning",
            "--Turn:UdpPort", "0",
            "--Turn:TcpPort", "0",
            "--Turn:SharedSecrets:0", ParleyServer.TurnSecret));

        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            Assert.False(server._process.HasExited, $"Parley exited at start:\n{server._process.Output}");
            try
            {
                using var response = await http.GetAsync(new Uri("/api/ice-servers", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"Parley did not start within {StartTimeout.TotalSeconds} s:\n{server._process.Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>Kills the process at once: no goodbye to any client, like a crash or a power cut.</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
