using System.Globalization;
using System.Text.RegularExpressions;
using Parley.Server.Tests.TestUtils;
using Parley.Turn.Auth;

namespace Parley.Server.Tests;

/// <summary>
/// Parley's embedded TURN, as the host runs it, driven by coturn's own client tools. turnutils_uclient picks channel
/// numbers from RFC 5766's wider range (up to 0x7FFF), which this server then accepts.
/// </summary>
[Trait("Category", ParleyBinary.Category)]
public sealed partial class TurnInteropTests(TurnInteropTests.Server server) : IClassFixture<TurnInteropTests.Server>
{
    [Fact]
    public async Task StunClient_LearnsItsReflexiveAddress()
    {
        var (exitCode, output) = await ExternalTool.RunAsync(
            TurnClientTools.Timeout, TurnClientTools.StunClient, "-p", UdpPort, "127.0.0.1");

        Assert.True(exitCode == 0, $"turnutils_stunclient failed:\n{output}");
        Assert.Matches(ReflexiveAddress(), output);
    }

    [Theory]
    [InlineData("UDP, ChannelData")]
    [InlineData("UDP, Send and Data indications", "-s")]
    [InlineData("TCP, ChannelData", "-t")]
    [InlineData("TCP, Send and Data indications", "-t", "-s")]
    public Task UClient_RelaysEveryMessageToAPeerAndBack_WithRestCredentials(string route, params string[] flags) =>
        TurnClientTools.AssertRelaysEveryMessageAsync(route, flags.Contains("-t") ? server.Turn.TcpPort!.Value : server.Turn.UdpPort!.Value, ParleyServer.TurnSecret, flags);

    [Fact]
    public async Task UClient_WithAWrongSecret_CannotAllocate()
    {
        var (_, output) = await ExternalTool.RunAsync(TurnClientTools.Timeout, TurnClientTools.UClient,
            "-c", "-e", "127.0.0.1", "-r", "9", "-m", "1", "-n", "1", "-u", "intruder", "-W", "not-the-secret", "-p", UdpPort, "127.0.0.1");

        Assert.Contains("Cannot complete Allocation", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UClient_CannotRelayToAServiceOnTheNodeItself()
    {
        // 127.0.0.2 reaches this machine as 127.0.0.1 does, but is not the loopback address a local-only node opens.
        var servicePort = FreePort.Udp().ToString(CultureInfo.InvariantCulture);
        await using var service = ExternalTool.Start(TurnClientTools.Peer, "-L", "127.0.0.2", "-p", servicePort);

        var (_, output) = await ExternalTool.RunAsync(TurnClientTools.Timeout, TurnClientTools.UClient,
            "-c", "-e", "127.0.0.2", "-r", servicePort, "-m", "1", "-n", "10", "-u", "interop", "-W", ParleyServer.TurnSecret, "-p", UdpPort, "127.0.0.1");

        Assert.Contains("403", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"tot_recv_msgs=[1-9]", output);
    }

    [Theory]
    [InlineData("UDP")]
    [InlineData("TCP", "-t")]
    public async Task UClient_TwoClientsOfTheNode_RelayToEachOthersRelayedAddress(string route, params string[] flags)
    {
        var (exitCode, output) = await ExternalTool.RunAsync(TurnClientTools.Timeout, TurnClientTools.UClient,
        [
            .. flags, "-y", "-c", "-m", "2", "-n", "50", "-l", "200",
            "-u", "interop", "-W", ParleyServer.TurnSecret, "-p", flags.Length > 0 ? TcpPort : UdpPort, "127.0.0.1",
        ]);

        Assert.True(exitCode == 0, $"turnutils_uclient -y ({route}) failed:\n{output}");
        Assert.Contains("Total lost packets 0 (", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeatIceServers_NameTheEmbeddedServer_WithACredentialItRelaysFor()
    {
        await using var alice = await TestPeer.ConnectAsync(server.BaseAddress);

        var join = await alice.JoinOkAsync(TestRooms.Unique(), "Alice");

        Assert.Equal(["stun:127.0.0.1:" + UdpPort], join.IceServers[0].Urls);
        var turn = join.IceServers[1];
        Assert.Equal(["turn:127.0.0.1:" + UdpPort + "?transport=udp", "turn:127.0.0.1:" + TcpPort + "?transport=tcp"], turn.Urls);
        Assert.True(TurnRestCredentials.TryGetExpiry(turn.Username!, out var expiry), $"'{turn.Username}' has no expiry");
        Assert.InRange(expiry, DateTimeOffset.UtcNow.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Equal("seat." + join.PeerId, TurnRestCredentials.GetGrant(turn.Username!));
        await TurnClientTools.AssertRelaysEveryMessageAsync("UDP, a seat's credential", server.Turn.UdpPort!.Value, turn.Username!, turn.Credential!);
    }

    private string UdpPort => server.Turn.UdpPort!.Value.ToString(CultureInfo.InvariantCulture);

    private string TcpPort => server.Turn.TcpPort!.Value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"UDP reflexive addr: 127\.0\.0\.1:\d+")]
    private static partial Regex ReflexiveAddress();

    public sealed class Server() : ParleyServer("--Turn:AllowRfc5766ChannelNumbers", "true");
}
