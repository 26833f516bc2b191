using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Parley.Signaling.Contracts;

namespace Parley.Signaling.Tests.TestUtils;

/// <summary>A real SignalR .NET client whose received events queue up for assertions.</summary>
public sealed class SignalingTestClient : IAsyncDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly HubConnection _connection;
    private readonly Channel<ReadyPeer> _ready = Channel.CreateUnbounded<ReadyPeer>();
    private readonly Channel<DataMessage> _data = Channel.CreateUnbounded<DataMessage>();
    private readonly Channel<PeerInfo> _left = Channel.CreateUnbounded<PeerInfo>();
    private readonly Channel<PeerInfo> _reconnecting = Channel.CreateUnbounded<PeerInfo>();
    private readonly Channel<RefusedCall> _refused = Channel.CreateUnbounded<RefusedCall>();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SignalingTestClient(Uri hubUrl, Action<HttpConnectionOptions>? configure = null)
    {
        _connection = new HubConnectionBuilder().WithUrl(hubUrl, options => configure?.Invoke(options)).Build();
        _connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        _connection.On<ReadyPeer>(nameof(ISignalingClient.Ready), p => _ready.Writer.TryWrite(p));
        _connection.On<PeerInfo>(nameof(ISignalingClient.PeerReconnecting), p => _reconnecting.Writer.TryWrite(p));
        _connection.On<DataMessage>(nameof(ISignalingClient.Data), m => _data.Writer.TryWrite(m));
        _connection.On<PeerInfo>(nameof(ISignalingClient.PeerLeft), p => _left.Writer.TryWrite(p));
        _connection.On<RefusedCall>(nameof(ISignalingClient.Refused), r => _refused.Writer.TryWrite(r));
    }

    public HubConnectionState State => _connection.State;

    public HubConnection Connection => _connection;

    /// <summary>Completes when the server closes the connection, with the error it gave.</summary>
    public Task<Exception?> Closed => _closed.Task;

    public Task StartAsync() => _connection.StartAsync().DefaultTimeout();

    public Task StopAsync() => _connection.StopAsync().DefaultTimeout();

    public Task<JoinResult> JoinAsync(string room, string username) =>
        _connection.InvokeAsync<JoinResult>("Join", room, username).DefaultTimeout();

    public Task<JoinResult> RejoinAsync(string room, string username, string resumeToken) =>
        _connection.InvokeAsync<JoinResult>("Rejoin", room, username, resumeToken).DefaultTimeout();

    public Task<JoinResult> ResumeAsync(string room, string username, string resumeToken) =>
        _connection.InvokeAsync<JoinResult>("Resume", room, username, resumeToken).DefaultTimeout();

    public Task<SignalingResult> UnlockAsync(string? passcode) =>
        _connection.InvokeAsync<SignalingResult>("Unlock", passcode).DefaultTimeout();

    public Task<SignalingResult> DataAsync(string? payload, string? to = null) =>
        _connection.InvokeAsync<SignalingResult>("Data", payload, to).DefaultTimeout();

    /// <summary>Sends a <c>Relay</c> without waiting for the server: it answers only a refusal, with <c>Refused</c>.</summary>
    public Task RelayAsync(string? payload, string? to = null) =>
        _connection.SendAsync("Relay", payload, to).DefaultTimeout();

    public Task<SignalingResult> LeaveAsync() =>
        _connection.InvokeAsync<SignalingResult>("Leave").DefaultTimeout();

    /// <summary>Joins and fails the test unless the join succeeded.</summary>
    public async Task<JoinResult> JoinOkAsync(string room, string username)
    {
        var result = await JoinAsync(room, username);
        Assert.True(result.Error is null, $"Join of '{room}' as '{username}' failed: {result.Error}");
        return result;
    }

    public Task<ReadyPeer> NextReadyAsync() => _ready.Reader.ReadAsync().AsTask().DefaultTimeout();

    public Task<PeerInfo> NextPeerReconnectingAsync() => _reconnecting.Reader.ReadAsync().AsTask().DefaultTimeout();

    public Task<DataMessage> NextDataAsync() => _data.Reader.ReadAsync().AsTask().DefaultTimeout();

    public Task<PeerInfo> NextPeerLeftAsync() => _left.Reader.ReadAsync().AsTask().DefaultTimeout();

    public Task<RefusedCall> NextRefusedAsync() => _refused.Reader.ReadAsync().AsTask().DefaultTimeout();

    /// <summary>Fails if any event arrives within a short quiet period.</summary>
    public async Task AssertNoEventsAsync(string because)
    {
        await Task.Delay(Quiet);
        Assert.False(_ready.Reader.TryRead(out var ready), $"Unexpected Ready from {ready}: {because}");
        Assert.False(_data.Reader.TryRead(out var data), $"Unexpected Data {data}: {because}");
        Assert.False(_left.Reader.TryRead(out var left), $"Unexpected PeerLeft of {left}: {because}");
        Assert.False(_reconnecting.Reader.TryRead(out var away), $"Unexpected PeerReconnecting of {away}: {because}");
        Assert.False(_refused.Reader.TryRead(out var refused), $"Unexpected Refused {refused}: {because}");
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
