using Microsoft.AspNetCore.SignalR;
using Parley.Signaling.Contracts;

namespace Parley.Signaling;

/// <summary>
/// The signaling protocol (<see cref="SignalingProtocol"/>) for SignalR clients: each hub method is one of its calls,
/// and the events arrive as hub client methods (<see cref="ISignalingClient"/>).
/// </summary>
public sealed class SignalingHub(SignalingProtocol protocol, SignalingClients clients) : Hub<ISignalingClient>
{
    private static readonly object ConnectionKey = new();

    internal SignalingConnection Connection => (SignalingConnection)Context.Items[ConnectionKey]!;

    public SignalingResult Unlock(string? passcode) => protocol.Unlock(Connection, passcode);

    public Task<JoinResult> Join(string room, string username) =>
        protocol.JoinAsync(Connection, room, username, resumeToken: null, keptPeerConnections: false);

    /// <summary>Takes the caller's seat back after a reload: the others negotiate a new peer connection with it.</summary>
    public Task<JoinResult> Rejoin(string room, string username, string resumeToken) =>
        protocol.JoinAsync(Connection, room, username, resumeToken, keptPeerConnections: false);

    /// <summary>Takes the seat back after a dropped hub connection, keeping the peer connections that still run.</summary>
    public Task<JoinResult> Resume(string room, string username, string resumeToken) =>
        protocol.JoinAsync(Connection, room, username, resumeToken, keptPeerConnections: true);

    public Task<SignalingResult> Data(string payload, string? to) => protocol.DataAsync(Connection, payload, to);

    /// <summary><c>Data</c> without an answer: a refusal arrives as a <c>Refused</c> event.</summary>
    public Task Relay(string payload, string? to) => protocol.RelayAsync(Connection, payload, to);

    public Task<SignalingResult> Leave() => protocol.LeaveAsync(Connection);

    public override async Task OnConnectedAsync()
    {
        var context = Context;
        var connection = new SignalingConnection(
            context.ConnectionId,
            context.GetHttpContext()?.Request.Host.Host,
            clients.Connection(context.ConnectionId),
            _ => context.Abort());
        context.Items[ConnectionKey] = connection;
        protocol.Connected(connection);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await protocol.DisconnectedAsync(Connection);
        await base.OnDisconnectedAsync(exception);
    }
}
