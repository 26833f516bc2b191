using System.Net.WebSockets;
using System.Text.Json;
using Parley.Client;
using Parley.Signaling.Contracts;

namespace Parley.Signaling.Tests;

/// <summary>A stopping node (the host's StopAsync, as on SIGTERM) tells its clients to reconnect elsewhere and refuses joins while they go.</summary>
public sealed class DrainTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task StoppingNode_TellsItsClientsToReconnect_RefusesJoins_AndStopsOnceTheyHaveGone()
    {
        await using var server = await SignalingServer.StartAsync(KeyValuePair.Create("Signaling:DrainTimeout", (string?)"00:01:00"));
        var alice = await server.ConnectAsync();
        // A raw socket, which stays where it is when told to move: the node may not stop while it is there.
        var bob = await RawSocket.ConnectAsync(server.BaseAddress);
        var room = TestRooms.Unique();
        await alice.JoinOkAsync(room, "Alice");

        var stopping = server.StopAsync();
        var told = await alice.NextConnectionEventAsync<ReconnectingEvent>();
        await bob.NextEventAsync(SignalingEvents.Reconnect);
        var refused = await bob.InvokeAsync<JoinResult>(SignalingCalls.Join, room, "Bob");

        Assert.Equal(ReconnectReason.ServerRequested, told.Reason);
        Assert.Equal(SignalingErrors.ServerDraining.Code, refused.Error?.Code);
        Assert.False(stopping.IsCompleted, "The node stopped before its clients had gone.");
        await alice.DisposeAsync();
        await bob.DisposeAsync();

        // Far sooner than the one-minute drain timeout: the drain ends when the last client has gone.
        await stopping.WaitAsync(Wait);
    }

    [Fact]
    public async Task ClientsThatStayPastTheDrainTimeout_AreClosedWith1001()
    {
        await using var server = await SignalingServer.StartAsync(KeyValuePair.Create("Signaling:DrainTimeout", (string?)"00:00:01"));
        // A raw socket: a client that hears Reconnect and stays anyway.
        await using var stayer = await RawSocket.ConnectAsync(server.BaseAddress);

        var stopping = server.StopAsync();
        var reconnect = await stayer.NextEventAsync(SignalingEvents.Reconnect);

        Assert.False(reconnect.TryGetProperty("arg", out var arg) && arg.ValueKind != JsonValueKind.Null,
            $"Reconnect carries no argument, got {reconnect}");
        await stopping.WaitAsync(Wait);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await stayer.ClosedByServerAsync());
    }
}
