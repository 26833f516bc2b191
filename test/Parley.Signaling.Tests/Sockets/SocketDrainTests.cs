using System.Text.Json;
using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests.Sockets;

/// <summary>A stopping node tells its socket clients to reconnect elsewhere, as it tells its hub clients.</summary>
public sealed class SocketDrainTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task StoppingNode_SendsReconnect_RefusesJoins_AndStopsOnceTheSocketsHaveGone()
    {
        await using var server = await SignalingServer.StartAsync(KeyValuePair.Create("Signaling:DrainTimeout", (string?)"00:01:00"));
        var alice = await SocketTestClient.ConnectAsync(server.BaseAddress);
        var bob = await SocketTestClient.ConnectAsync(server.BaseAddress);
        var room = TestRooms.Unique();
        await alice.JoinOkAsync(room, "Alice");

        var stopping = Task.Run(server.StopAsync);
        var reconnect = await alice.NextEventAsync("Reconnect");
        var refused = await bob.JoinAsync(room, "Bob");

        Assert.False(reconnect.TryGetProperty("arg", out var arg) && arg.ValueKind != JsonValueKind.Null,
            $"Reconnect carries no argument, got {reconnect}");
        Assert.Equal(SignalingErrors.ServerDraining.Code, refused.Error?.Code);
        Assert.False(stopping.IsCompleted, "The node stopped before its sockets had gone.");
        await alice.DisposeAsync();
        await bob.DisposeAsync();

        // Far sooner than the one-minute drain timeout: the drain ends when the last client has gone.
        await stopping.WaitAsync(Wait);
    }

    [Fact]
    public async Task SocketsThatStayPastTheDrainTimeout_AreClosed()
    {
        await using var server = await SignalingServer.StartAsync(KeyValuePair.Create("Signaling:DrainTimeout", (string?)"00:00:01"));
        await using var stayer = await SocketTestClient.ConnectAsync(server.BaseAddress);

        await server.StopAsync().WaitAsync(Wait);

        await stayer.Closed.WaitAsync(Wait);
    }
}
