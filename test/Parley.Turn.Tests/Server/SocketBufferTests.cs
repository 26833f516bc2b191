using System.Globalization;
using System.Text.RegularExpressions;
using Parley.Testing;
using Parley.Turn.Stun;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// The receive buffers that absorb bursts while a thread is busy (clients' datagrams on the listener sockets, peers'
/// on the relay sockets) are the configured sizes, as the kernel reports them (<c>ss</c>).
/// </summary>
public partial class SocketBufferTests
{
    [Fact]
    public async Task EveryListenerSocket_HasTheConfiguredReceiveBuffer()
    {
        const int bytes = 128 * 1024;
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o =>
        {
            o.UdpListenerThreads = 3;
            o.UdpReceiveBufferBytes = bytes;
        });

        string[] buffers = await ReceiveBuffersOnPortAsync(fixture.Server.UdpEndPoints[0].Port);

        Assert.True(buffers.Length == 3 && buffers.All(b => b == Reported(bytes)),
            $"expected three listener sockets with rb{Reported(bytes)}, ss shows rb {string.Join(", ", buffers)}");
    }

    [Fact]
    public async Task RelaySocket_HasTheConfiguredReceiveBuffer()
    {
        const int bytes = 96 * 1024;
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.RelayReceiveBufferBytes = bytes);
        await using TurnTestClient client = await fixture.ConnectAsync();
        StunTestMessage allocated = await client.AllocateAsync(TurnServerFixture.User, TurnServerFixture.Password);
        int relayPort = allocated.GetXorAddress(StunAttributeType.XorRelayedAddress).Port;

        string[] buffers = await ReceiveBuffersOnPortAsync(relayPort);

        Assert.True(buffers.Length == 1 && buffers[0] == Reported(bytes),
            $"expected the relay socket on port {relayPort} with rb{Reported(bytes)}, ss shows rb {string.Join(", ", buffers)}");
    }

    // Linux doubles SO_RCVBUF for its bookkeeping and reports the doubled size.
    private static string Reported(int bytes) => (2 * bytes).ToString(CultureInfo.InvariantCulture);

    private static async Task<string[]> ReceiveBuffersOnPortAsync(int port)
    {
        (int exitCode, string output) = await ExternalTool.RunAsync(TimeSpan.FromSeconds(10), "/usr/bin/ss", "-uamn", $"sport = :{port}");
        Assert.True(exitCode == 0, $"ss failed: {output}");
        return [.. ReceiveBuffer().Matches(output).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(@"skmem:\(r\d+,rb(\d+),")]
    private static partial Regex ReceiveBuffer();
}
