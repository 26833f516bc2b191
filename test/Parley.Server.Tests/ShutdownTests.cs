using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;
using Parley.Server.Tests.TestUtils;
using Parley.Signaling.Contracts;

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
        var alice = await ConnectAsync(node);
        var bob = await ConnectAsync(node);
        var told = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        alice.On("Reconnect", () => told.TrySetResult());
        var room = "drain-" + Guid.NewGuid().ToString("N");
        Assert.Null((await alice.InvokeAsync<JoinResult>("Join", room, "Alice")).Error);

        output.WriteLine($"started and joined: {clock.Elapsed}");
        await parley.TerminateAsync();
        await told.Task.WaitAsync(Wait);
        var refused = await bob.InvokeAsync<JoinResult>("Join", room, "Bob");
        var (readiness, checks) = await OperationsTests.ReadinessAsync(node);

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

    private static async Task<HubConnection> ConnectAsync(Uri node)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(node, "/hubs/signaling")).Build();
        await connection.StartAsync().WaitAsync(Wait);
        return connection;
    }
}
