using System.Net.WebSockets;
using System.Text.Json.Serialization.Metadata;
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

    private Task<T> CallAsync<T>(string call, string?[] args, JsonTypeInfo<T> result, CancellationToken cancellationToken)
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
