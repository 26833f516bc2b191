using System.Globalization;
using System.Net;
using Parley.Client;
using Parley.Server.Tests.TestUtils;
using Parley.Signaling.Contracts;
using Xunit.Abstractions;

namespace Parley.Server.Tests;

/// <summary>SIGTERM to a real Parley process: it drains before it exits.</summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sigterm_TellsClientsToReconnect_RefusesJoins_IsNotReady_AndExitsOnceClientsHaveGone()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var port = FreePort.Tcp();
        var node = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        await using var parley = await ParleyProcess.StartAsync(port, "--Signaling:DrainTimeout", "00:02:00");
        var alice = await TestPeer.ConnectAsync(node);
        // A raw socket, which stays when told to move: the process may not exit while it is there.
        var bob = await RawSocket.ConnectAsync(node);
        var room = "drain-" + Guid.NewGuid().ToString("N");
        await alice.JoinOkAsync(room, "Alice");

        output.WriteLine($"started and joined: {clock.Elapsed}");
        await parley.TerminateAsync();
        var told = await alice.NextConnectionEventAsync<ReconnectingEvent>();
        await bob.NextEventAsync(SignalingEvents.Reconnect);
        var refused = await bob.InvokeAsync<JoinResult>(SignalingCalls.Join, room, "Bob");
        var (readiness, checks) = await OperationsTests.ReadinessAsync(node);

        Assert.Equal(ReconnectReason.ServerRequested, told.Reason);
        Assert.Equal("server-draining", refused.Error?.Code);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness);
        Assert.Equal("Unhealthy", checks["signaling"]);
        Assert.False(parley.HasExited, "Parley exited before its clients had gone.");
        output.WriteLine($"drain checked: {clock.Elapsed}");
        await alice.DisposeAsync();
        await bob.DisposeAsync();
        output.WriteLine($"clients gone: {clock.Elapsed}");

        // Well within the two-minute drain timeout: the drain ends with the last client.
        Assert.Equal(0, await parley.WaitForExitAsync(Wait));
        output.WriteLine($"exited: {clock.Elapsed}");
    }
}
