using System.Threading.Channels;
using Parley.Client;
using Parley.Signaling.Contracts;

namespace Parley.Testing;

/// <summary>
/// A <see cref="ParleyClient"/> under test: what it hears queues up by kind for assertions, and every wait and call is
/// bounded by <see cref="Timeout"/>. Its arguments go to the server as given (null included), for the server to judge.
/// </summary>
public sealed class TestPeer : IAsyncDisposable
{
    /// <summary>How long any wait of a test peer lasts at most.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Channel<ReadyPeer> _ready = Channel.CreateUnbounded<ReadyPeer>();
    private readonly Channel<DataMessage> _data = Channel.CreateUnbounded<DataMessage>();
    private readonly Channel<PeerInfo> _reconnecting = Channel.CreateUnbounded<PeerInfo>();
    private readonly Channel<PeerInfo> _left = Channel.CreateUnbounded<PeerInfo>();
    private readonly Channel<RefusedCall> _refused = Channel.CreateUnbounded<RefusedCall>();
    private readonly Channel<SignalingEvent> _connection = Channel.CreateUnbounded<SignalingEvent>();

    private TestPeer(ParleyClient client)
    {
        Client = client;
        client.PeerReady += (_, peer) => _ready.Writer.TryWrite(peer);
        client.DataReceived += (_, message) => _data.Writer.TryWrite(message);
        client.PeerReconnecting += (_, peer) => _reconnecting.Writer.TryWrite(peer);
        client.PeerLeft += (_, peer) => _left.Writer.TryWrite(peer);
        client.CallRefused += (_, refusal) => _refused.Writer.TryWrite(refusal);
        client.Reconnecting += (_, e) => _connection.Writer.TryWrite(e);
        client.Reconnected += (_, e) => _connection.Writer.TryWrite(e);
        client.Closed += (_, e) => _connection.Writer.TryWrite(e);
    }

    public ParleyClient Client { get; }

    /// <summary>Connects a client to <paramref name="server"/> (a Parley address or its socket's URL).</summary>
    public static async Task<TestPeer> ConnectAsync(Uri server, ParleyClientOptions? options = null)
    {
        var peer = new TestPeer(new ParleyClient(server, options));
        try
        {
            await peer.Client.ConnectAsync().WaitAsync(Timeout);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    public Task<SignalingResult> UnlockAsync(string? passcode) => Within(Client.UnlockAsync(passcode), "Unlock's answer");

    public Task<JoinResult> JoinAsync(string? room, string? username) => Within(Client.JoinAsync(room!, username!), "Join's answer");

    public Task<JoinResult> RejoinAsync(string room, string username, string resumeToken) =>
        Within(Client.RejoinAsync(room, username, resumeToken), "Rejoin's answer");

    public Task<JoinResult> ResumeAsync(string room, string username, string resumeToken) =>
        Within(Client.ResumeAsync(room, username, resumeToken), "Resume's answer");

    public Task<SignalingResult> DataAsync(string? payload, string? to = null) => Within(Client.DataAsync(payload!, to), "Data's answer");

    public Task RelayAsync(string? payload, string? to = null) => Client.RelayAsync(payload!, to).WaitAsync(Timeout);

    public Task<SignalingResult> LeaveAsync() => Within(Client.LeaveAsync(), "Leave's answer");

    /// <summary>Joins and fails the test unless the join succeeded.</summary>
    public async Task<JoinResult> JoinOkAsync(string room, string username)
    {
        var result = await JoinAsync(room, username);
        Assert.True(result.Error is null, $"Join of '{room}' as '{username}' failed: {result.Error}");
        return result;
    }

    public Task<ReadyPeer> NextReadyAsync() => NextAsync(_ready, "Ready event");

    public Task<DataMessage> NextDataAsync() => NextAsync(_data, "Data event");

    public Task<PeerInfo> NextPeerReconnectingAsync() => NextAsync(_reconnecting, "PeerReconnecting event");

    public Task<PeerInfo> NextPeerLeftAsync() => NextAsync(_left, "PeerLeft event");

    public Task<RefusedCall> NextRefusedAsync() => NextAsync(_refused, "Refused event");

    /// <summary>The next change of the client's connection (reconnecting, reconnected, closed), which must be a <typeparamref name="T"/>.</summary>
    public async Task<T> NextConnectionEventAsync<T>()
        where T : SignalingEvent
    {
        var next = await NextAsync(_connection, typeof(T).Name);
        return Assert.IsType<T>(next);
    }

    /// <summary>
    /// Fails if any event reached this client before the server answered a call sent now: an empty <c>Data</c>,
    /// refused without effect. Events sent to this client before the server read that call come before its answer, on
    /// the one socket, so this waits for nothing but the round trip.
    /// </summary>
    public async Task AssertNoEventsAsync(string because)
    {
        await DataAsync(string.Empty);
        AssertNothingIn(_ready, because);
        AssertNothingIn(_data, because);
        AssertNothingIn(_reconnecting, because);
        AssertNothingIn(_left, because);
        AssertNothingIn(_refused, because);
        AssertNothingIn(_connection, because);
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();

    private static void AssertNothingIn<T>(Channel<T> events, string because) =>
        Assert.False(events.Reader.TryRead(out var unexpected), $"Unexpected {unexpected}: {because}");

    private static async Task<T> NextAsync<T>(Channel<T> events, string what) =>
        await Within(events.Reader.ReadAsync().AsTask(), $"a {what}");

    private static async Task<T> Within<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No {what} within {Timeout.TotalSeconds} s.");
        }
    }
}
