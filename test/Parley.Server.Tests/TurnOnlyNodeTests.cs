using System.Globalization;
using System.Net;
using Parley.Server.Tests.TestUtils;

namespace Parley.Server.Tests;

/// <summary>A Parley node with signaling switched off: it only relays media, and serves no web app or signaling socket.</summary>
public sealed class TurnOnlyNodeTests(TurnOnlyNodeTests.TurnOnlyServer server) : IClassFixture<TurnOnlyNodeTests.TurnOnlyServer>
{
    [Fact]
    public async Task TurnOnlyNode_RelaysForCoturnsClient()
    {
        var peerPort = FreePort.Udp().ToString(CultureInfo.InvariantCulture);
        await using var peer = ExternalTool.Start("/usr/bin/turnutils_peer", "-L", "127.0.0.1", "-p", peerPort);

        var (exitCode, output) = await ExternalTool.RunAsync(TimeSpan.FromSeconds(60), "/usr/bin/turnutils_uclient",
            "-s", "-c", "-e", "127.0.0.1", "-r", peerPort, "-m", "2", "-n", "20", "-u", "relay-only", "-W", ParleyServer.TurnSecret,
            "-p", server.Turn.UdpPort!.Value.ToString(CultureInfo.InvariantCulture), "127.0.0.1");

        Assert.True(exitCode == 0, $"turnutils_uclient failed:\n{output}");
        Assert.Contains("Total lost packets 0 (", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/ws/signaling")]
    [InlineData("/api/ice-servers")]
    public async Task TurnOnlyNode_ServesNoWebAppSocketOrIceConfiguration(string path)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public sealed class TurnOnlyServer() : ParleyServer("--Signaling:Enabled", "false");
}
