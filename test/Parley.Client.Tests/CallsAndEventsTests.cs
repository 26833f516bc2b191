using Parley.Signaling.Contracts;

namespace Parley.Client.Tests;

/// <summary>The calls' typed results and the events, both as .NET events and as an enumeration, against the real server.</summary>
public sealed class CallsAndEventsTests : IAsyncLifetime
{
    private SignalingServer _server = null!;

    public async Task InitializeAsync() => _server = await SignalingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Calls_AnswerTypedResults_AndEventsArriveInOrder_AsDotNetEventsAndThroughTheEnumeration()
    {
        await using var alice = new ParleyClient(_server.BaseAddress);
        await using var bob = new ParleyClient(_server.BaseAddress);
        var ready = new TaskCompletionSource<ReadyPeer>(TaskCreationOptions.RunContinuationsAsynchronously);
        alice.PeerReady += (_, peer) => ready.TrySetResult(peer);
        var bobHears = bob.ReadEventsAsync();
        await alice.ConnectAsync();
        await bob.ConnectAsync();
        var room = TestRooms.Unique();

        var aliceJoin = await alice.JoinAsync(room, "Alice");
        var bobJoin = await bob.JoinAsync(room, "Bob");
        var sent = await alice.DataAsync("offer", bobJoin.PeerId);
        await alice.RelayAsync("candidate", bobJoin.PeerId);
        await bob.RelayAsync("to nobody", "no-such-peer");
        // Bob's own answer comes after the Refused event of his Relay: only then may Alice's leave overtake nothing.
        await bob.DataAsync(string.Empty);
        var left = await alice.LeaveAsync();

        Assert.Equal((null, room, 2), (aliceJoin.Error, aliceJoin.Room, aliceJoin.Capacity));
        Assert.Equal([new PeerInfo(aliceJoin.PeerId!, "Alice")], bobJoin.Peers);
        Assert.Equal(new ReadyPeer(bobJoin.PeerId!, "Bob", Resumed: false), await ready.Task.WaitAsync(TestPeer.Timeout));
        Assert.Null(sent.Error);
        Assert.Null(left.Error);
        Assert.Equal(
            [
                new DataReceivedEvent(new DataMessage(aliceJoin.PeerId!, "Alice", "offer")),
                new DataReceivedEvent(new DataMessage(aliceJoin.PeerId!, "Alice", "candidate")),
                new CallRefusedEvent(new RefusedCall(SignalingCalls.Relay, SignalingErrors.UnknownPeer)),
                new PeerLeftEvent(new PeerInfo(aliceJoin.PeerId!, "Alice")),
            ],
            await FirstAsync(bobHears, 4));
    }

    [Fact]
    public async Task TheSeat_IsKeptFromAJoinUntilLeave()
    {
        await using var alice = new ParleyClient(_server.BaseAddress);
        await alice.ConnectAsync();
        var room = TestRooms.Unique();

        var joined = await alice.JoinAsync(room, "Alice");
        var seat = alice.Seat;
        await alice.LeaveAsync();

        Assert.Equal(new ParleySeat(room, "Alice", joined.PeerId!, joined.ResumeToken!), seat);
        Assert.Null(alice.Seat);
    }

    [Fact]
    public async Task AHandlerThatThrows_StopsNeitherTheClientNorTheOtherEvents()
    {
        await using var alice = await _server.ConnectAsync();
        await using var bob = await _server.ConnectAsync();
        var room = TestRooms.Unique();
        var aliceId = (await alice.JoinOkAsync(room, "Alice")).PeerId!;
        var bobId = (await bob.JoinOkAsync(room, "Bob")).PeerId!;
        bob.Client.DataReceived += (_, message) => throw new InvalidOperationException($"a handler failing on {message.Payload}");

        await alice.DataAsync("first", bobId);
        await alice.DataAsync("second", bobId);

        Assert.Equal("first", (await bob.NextDataAsync()).Payload);
        Assert.Equal("second", (await bob.NextDataAsync()).Payload);
        Assert.Null((await bob.DataAsync("still here", aliceId)).Error);
    }

    [Fact]
    public async Task TheEnumeration_EndsWhenTheClientIsDisposed()
    {
        var client = new ParleyClient(_server.BaseAddress);
        await client.ConnectAsync();
        var events = client.ReadEventsAsync();

        await client.DisposeAsync();

        Assert.Empty(await FirstAsync(events, int.MaxValue));
        Assert.Equal(ParleyConnectionState.Closed, client.State);
    }

    private static async Task<List<SignalingEvent>> FirstAsync(IAsyncEnumerable<SignalingEvent> events, int count)
    {
        using var timeout = new CancellationTokenSource(TestPeer.Timeout);
        var read = new List<SignalingEvent>();
        await foreach (var happened in events.WithCancellation(timeout.Token))
        {
            read.Add(happened);
            if (read.Count == count)
            {
                break;
            }
        }

        return read;
    }
}
