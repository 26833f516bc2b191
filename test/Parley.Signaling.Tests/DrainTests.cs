using Microsoft.AspNetCore.SignalR.Client;
using Parley.Signaling.Contracts;
using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

/// <summary>A stopping node tells its clients to reconnect elsewhere and refuses joins while they go.</summary>
public sealed class DrainTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task StoppingNode_TellsItsClientsToReconnect_RefusesJoins_AndStopsOnceTheyHaveGone()
    {
        await using var server = await SignalingServer.StartAsync(KeyValuePair.Create("Signaling:DrainTimeout", (string?)"00:01:00"));
        var alice = await server.ConnectAsync();
        var bob = await server.ConnectAsync();
        var told = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        alice.Connection.On(nameof(ISignalingClient.Reconnect), () => told.TrySetResult());
        var room = TestRooms.Unique();
        await alice.JoinOkAsync(room, "Alice");

        var stopping = Task.Run(server.StopAsync);
        await told.Task.WaitAsync(Wait);
        var refused = await bob.JoinAsync(room, "Bob");

        Assert.Equal(SignalingErrors.ServerDraining.Code, refused.Error?.Code);
        Assert.False(stopping.IsCompleted, "The node stopped before its clients had gone.");
        await alice.DisposeAsync();
        await bob.DisposeAsync();

        // Far sooner than the one-minute drain timeout: the drain ends when the last client has gone.
        await stopping.WaitAsync(Wait);
    }

    [Fact]
    public async Task ClientsThatStayPastTheDrainTimeout_AreDisconnected()
    {
        await using var server = await SignalingServer.StartAsync(KeyValuePair.Create("Signaling:DrainTimeout", (string?)"00:00:01"));
        await using var stayer = await server.ConnectAsync();

        await server.StopAsync().WaitAsync(Wait);

        await stayer.Closed.WaitAsync(Wait);
    }
}
