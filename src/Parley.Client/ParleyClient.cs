using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Parley.Signaling.Contracts;

namespace Parley.Client;

/// <summary>
/// A client of Parley's signaling socket (<c>/ws/signaling</c>, described in docs/signaling.md): typed calls answered
/// by the server, the room's events as .NET events and as an <see cref="IAsyncEnumerable{T}"/>, and the web app's
/// reconnect behaviour. When the connection drops, or a draining server sends <c>Reconnect</c>, the client reconnects
/// on the <see cref="ReconnectSchedule"/> and resumes the seat it held with its resume token, unlocking it first
/// with the passcode it last set; calls pending on a connection that closes fail with
/// <see cref="ParleyConnectionException"/>.
/// </summary>
/// <remarks>
/// Events are raised on the client's receive loop, one at a time and in the order the server sent them, before the
/// answer to any later call completes: keep handlers short, or read <see cref="ReadEventsAsync"/> instead.
/// </remarks>
public sealed partial class ParleyClient : IAsyncDisposable
{
    /// <summary>The path of the signaling socket on a Parley server.</summary>
    public const string SocketPath = "/ws/signaling";

    private readonly Lock _gate = new();
    private readonly ParleyClientOptions _options;
    private readonly ILogger _logger;
    private readonly List<Channel<SignalingEvent>> _readers = [];
    private readonly CancellationTokenSource _stopping = new();
    private ClientConnection? _connection;
    private ParleyConnectionState _state = ParleyConnectionState.Disconnected;
    private ParleySeat? _seat;
    private string? _passcode;
    private Task _reconnecting = Task.CompletedTask;

    /// <summary>Creates a client of the Parley server at <paramref name="server"/>; <see cref="ConnectAsync"/> connects it.</summary>
    /// <param name="server">
    /// The server's address as people open it (<c>https://call.example.org</c>), whose <see cref="SocketPath"/> the
    /// client dials (<c>wss://call.example.org/ws/signaling</c>), or the socket's own <c>ws:</c>/<c>wss:</c> URL.
    /// </param>
    /// <param name="options">How to connect; null for the defaults.</param>
    public ParleyClient(Uri server, ParleyClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        SocketUri = SocketUriOf(server);
        _options = options ?? new ParleyClientOptions();
        _logger = _options.Logger;
    }

    /// <summary>A peer joined the room, or came back to its seat.</summary>
    public event EventHandler<ReadyPeer>? PeerReady;

    /// <summary>A payload from another peer of the room.</summary>
    public event EventHandler<DataMessage>? DataReceived;

    /// <summary>A peer's connection dropped; its seat is held for the server's reconnect grace period.</summary>
    public event EventHandler<PeerInfo>? PeerReconnecting;

    /// <summary>A peer left, or did not come back in time.</summary>
    public event EventHandler<PeerInfo>? PeerLeft;

    /// <summary>A <c>Relay</c> of this client was refused.</summary>
    public event EventHandler<RefusedCall>? CallRefused;

    /// <summary>The connection dropped, or the server asked the client to move: it is reconnecting.</summary>
    public event EventHandler<ReconnectingEvent>? Reconnecting;

    /// <summary>The client is connected again, and has resumed its seat if it held one.</summary>
    public event EventHandler<ReconnectedEvent>? Reconnected;

    /// <summary>The client stopped for good: it gave up reconnecting, or the server closed it for what it sent.</summary>
    public event EventHandler<ClosedEvent>? Closed;

    /// <summary>The WebSocket URL the client dials.</summary>
    public Uri SocketUri { get; }

    /// <summary>Where the connection stands.</summary>
    public ParleyConnectionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The seat this client holds (taken by a join, given up by <see cref="LeaveAsync"/>), or null.</summary>
    public ParleySeat? Seat
    {
        get
        {
            lock (_gate)
            {
                return _seat;
            }
        }
    }

    /// <summary>Opens the connection.</summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>A task that completes once the socket is open.</returns>
    /// <exception cref="ParleyConnectionException">
    /// The server could not be reached or refused the upgrade (<see cref="ParleyConnectionException.StatusCode"/>).
    /// </exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            if (_state is not (ParleyConnectionState.Disconnected or ParleyConnectionState.Closed))
            {
                throw new InvalidOperationException($"The client is already {_state}.");
            }

            _state = ParleyConnectionState.Connecting;
        }

        ClientConnection connection;
        try
        {
            connection = await ClientConnection.OpenAsync(SocketUri, _options, this, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_gate)
            {
                _state = ParleyConnectionState.Disconnected;
            }

            throw;
        }

        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                _ = connection.CloseAsync("The client was disposed");
                throw new ObjectDisposedException(nameof(ParleyClient));
            }

            _connection = connection;
            _state = ParleyConnectionState.Open;
        }

        connection.StartReceiving();
    }

    /// <summary>Sets the passcode this client's next join uses (and every resume after it); null or empty for open rooms.</summary>
    /// <param name="passcode">1 to 128 characters, or null.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The answer: <c>invalid-passcode</c> for one too long.</returns>
    public async Task<SignalingResult> UnlockAsync(string? passcode, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync(SignalingCalls.Unlock, [passcode], SignalingJsonContext.Default.SignalingResult, cancellationToken).ConfigureAwait(false);
        if (result.Error is null)
        {
            lock (_gate)
            {
                _passcode = string.IsNullOrEmpty(passcode) ? null : passcode;
            }
        }

        return result;
    }

    /// <summary>Takes a seat in <paramref name="room"/>; the others hear <c>Ready</c>.</summary>
    /// <param name="room">1 to 64 letters, digits, '_' or '-'.</param>
    /// <param name="username">1 to 32 printable characters.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The seat, the peers already there and the ICE servers; or the error it was refused with.</returns>
    public Task<JoinResult> JoinAsync(string room, string username, CancellationToken cancellationToken = default) =>
        SeatAsync(SignalingCalls.Join, room, username, [room, username], cancellationToken);

    /// <summary>Takes a seat back after a restart or reload: the others negotiate a new peer connection with this client.</summary>
    /// <param name="room">The room of the seat.</param>
    /// <param name="username">The name to show.</param>
    /// <param name="resumeToken">The seat's resume token (<see cref="ParleySeat.ResumeToken"/>).</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The answer; <see cref="JoinResult.Resumed"/> says whether the seat was still there to take back.</returns>
    public Task<JoinResult> RejoinAsync(string room, string username, string resumeToken, CancellationToken cancellationToken = default) =>
        SeatAsync(SignalingCalls.Rejoin, room, username, [room, username, resumeToken], cancellationToken);

    /// <summary>
    /// Takes a held seat back while this client's peer connections still run: the others keep theirs. The client
    /// does this by itself after a reconnect.
    /// </summary>
    /// <param name="room">The room of the seat.</param>
    /// <param name="username">The name to show.</param>
    /// <param name="resumeToken">The seat's resume token.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The answer; <see cref="JoinResult.Resumed"/> says whether the seat was still held.</returns>
    public Task<JoinResult> ResumeAsync(string room, string username, string resumeToken, CancellationToken cancellationToken = default) =>
        SeatAsync(SignalingCalls.Resume, room, username, [room, username, resumeToken], cancellationToken);

    /// <summary>Relays <paramref name="payload"/> to the peer <paramref name="to"/>, or to every other peer of the room, and waits for the answer.</summary>
    /// <param name="payload">Up to 64 KiB of UTF-8.</param>
    /// <param name="to">A peer id, or null for the whole room.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The answer: <c>unknown-peer</c>, <c>not-joined</c>, <c>rate-limited</c>, …, or success.</returns>
    public Task<SignalingResult> DataAsync(string payload, string? to = null, CancellationToken cancellationToken = default) =>
        CallAsync(SignalingCalls.Data, [payload, to], SignalingJsonContext.Default.SignalingResult, cancellationToken);

    /// <summary>
    /// Relays <paramref name="payload"/> without an answer, as the web app sends offers, answers and candidates: a
    /// refusal arrives as <see cref="CallRefused"/>. Relays of one client arrive in the order they were sent.
    /// </summary>
    /// <param name="payload">Up to 64 KiB of UTF-8.</param>
    /// <param name="to">A peer id, or null for the whole room.</param>
    /// <param name="cancellationToken">Stops the send.</param>
    /// <returns>A task that completes once the message is sent.</returns>
    public Task RelayAsync(string payload, string? to = null, CancellationToken cancellationToken = default) =>
        OpenConnection(SignalingCalls.Relay).RelayAsync(payload, to, cancellationToken);

    /// <summary>Gives the seat up; the others hear <c>PeerLeft</c> at once.</summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The answer: <c>not-joined</c> when this client holds no seat.</returns>
    public async Task<SignalingResult> LeaveAsync(CancellationToken cancellationToken = default)
    {
        var result = await CallAsync(SignalingCalls.Leave, [], SignalingJsonContext.Default.SignalingResult, cancellationToken).ConfigureAwait(false);
        if (result.Error is null || result.Error.Code == SignalingErrors.NotJoined.Code)
        {
            lock (_gate)
            {
                _seat = null;
            }
        }

        return result;
    }

    /// <summary>
    /// The events from now on, in order, until the client is disposed or <paramref name="cancellationToken"/> ends the
    /// enumeration. Each call gets every event; those not read yet wait in memory, so enumerate what you ask for.
    /// </summary>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>The events.</returns>
    public IAsyncEnumerable<SignalingEvent> ReadEventsAsync(CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<SignalingEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                channel.Writer.Complete();
            }
            else
            {
                _readers.Add(channel);
            }
        }

        return ReadAsync(channel, cancellationToken);
    }

    /// <summary>Closes the connection (without <c>Leave</c>: the server holds the seat for its grace period) and stops reconnecting.</summary>
    /// <returns>A task that completes once the socket has closed.</returns>
    public async ValueTask DisposeAsync()
    {
        ClientConnection? connection;
        Channel<SignalingEvent>[] readers;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
            _state = ParleyConnectionState.Closed;
            connection = _connection;
            _connection = null;
            readers = [.. _readers];
            _readers.Clear();
        }

        if (connection is not null)
        {
            await connection.CloseAsync("The client was disposed").ConfigureAwait(false);
        }

        await _reconnecting.ConfigureAwait(false);
        foreach (var reader in readers)
        {
            reader.Writer.TryComplete();
        }

        _stopping.Dispose();
    }

    /// <summary>An event from <paramref name="connection"/>'s receive loop.</summary>
    internal void EventReceived(ClientConnection connection, string name, JsonElement arg)
    {
        if (name == SignalingEvents.Reconnect)
        {
            ServerAskedToReconnect(connection);
            return;
        }

        SignalingEvent? received;
        try
        {
            received = ReadEvent(name, arg);
        }
        catch (JsonException e)
        {
            Unreadable($"a {name} event: {e.Message}");
            return;
        }

        if (received is null)
        {
            // An event this version does not know: newer servers may send more.
            return;
        }

        lock (_gate)
        {
            if (_connection != connection)
            {
                return;
            }
        }

        Raise(received);
    }

    internal void Unreadable(string problem) => ClientLog.UnreadableMessage(_logger, problem);

    private static SignalingEvent? ReadEvent(string name, JsonElement arg)
    {
        var json = SignalingJsonContext.Default;
        return name switch
        {
            SignalingEvents.Ready => arg.Deserialize(json.ReadyPeer) is { } peer ? new PeerReadyEvent(peer) : null,
            SignalingEvents.Data => arg.Deserialize(json.DataMessage) is { } message ? new DataReceivedEvent(message) : null,
            SignalingEvents.PeerReconnecting => arg.Deserialize(json.PeerInfo) is { } away ? new PeerReconnectingEvent(away) : null,
            SignalingEvents.PeerLeft => arg.Deserialize(json.PeerInfo) is { } left ? new PeerLeftEvent(left) : null,
            SignalingEvents.Refused => arg.Deserialize(json.RefusedCall) is { } refusal ? new CallRefusedEvent(refusal) : null,
            _ => null,
        };
    }

    private void Raise(SignalingEvent happened)
    {
        try
        {
            switch (happened)
            {
                case PeerReadyEvent e: PeerReady?.Invoke(this, e.Peer); break;
                case DataReceivedEvent e: DataReceived?.Invoke(this, e.Message); break;
                case PeerReconnectingEvent e: PeerReconnecting?.Invoke(this, e.Peer); break;
                case PeerLeftEvent e: PeerLeft?.Invoke(this, e.Peer); break;
                case CallRefusedEvent e: CallRefused?.Invoke(this, e.Refusal); break;
                case ReconnectingEvent e: Reconnecting?.Invoke(this, e); break;
                case ReconnectedEvent e: Reconnected?.Invoke(this, e); break;
                case ClosedEvent e: Closed?.Invoke(this, e); break;
            }
        }
#pragma warning disable CA1031 // A handler's failure is its own: the receive loop, and every other event, goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ClientLog.HandlerFailed(_logger, e, happened.GetType().Name);
        }

        Channel<SignalingEvent>[] readers;
        lock (_gate)
        {
            readers = [.. _readers];
        }

        foreach (var reader in readers)
        {
            reader.Writer.TryWrite(happened);
        }
    }

    private async IAsyncEnumerable<SignalingEvent> ReadAsync(Channel<SignalingEvent> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var happened in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return happened;
            }
        }
        finally
        {
            lock (_gate)
            {
                _readers.Remove(channel);
            }
        }
    }

    private async Task<JoinResult> SeatAsync(string call, string room, string username, string?[] args, CancellationToken cancellationToken)
    {
        var result = await CallAsync(call, args, SignalingJsonContext.Default.JoinResult, cancellationToken).ConfigureAwait(false);
        if (result is { Error: null, PeerId: { } peerId, ResumeToken: { } token })
        {
            lock (_gate)
            {
                _seat = new ParleySeat(result.Room ?? room, username, peerId, token);
            }
        }

        return result;
    }

    private Task<T> CallAsync<T>(string call, string?[] args, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> result, CancellationToken cancellationToken)
        where T : class =>
        OpenConnection(call).CallAsync(call, args, result, cancellationToken);

    private ClientConnection OpenConnection(string call)
    {
        lock (_gate)
        {
            return _state == ParleyConnectionState.Open && _connection is { } connection
                ? connection
                : throw new ParleyConnectionException($"Cannot send {call}: the signaling connection is {_state.ToString().ToLowerInvariant()}.");
        }
    }

    private static Uri SocketUriOf(Uri server)
    {
        if (!server.IsAbsoluteUri)
        {
            throw new ArgumentException($"'{server}' is not an absolute URL.", nameof(server));
        }

        return server.Scheme switch
        {
            "ws" or "wss" => server,
            "http" => new UriBuilder(new Uri(server, SocketPath)) { Scheme = "ws" }.Uri,
            "https" => new UriBuilder(new Uri(server, SocketPath)) { Scheme = "wss" }.Uri,
            _ => throw new ArgumentException($"'{server}' is neither an http(s) nor a ws(s) URL.", nameof(server)),
        };
    }

    private static bool RefusesThisClient(WebSocketCloseStatus? status) =>
        status is WebSocketCloseStatus.PolicyViolation or WebSocketCloseStatus.MessageTooBig
            or WebSocketCloseStatus.InvalidMessageType or WebSocketCloseStatus.ProtocolError;
}
