using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Parley.Signaling.Contracts;

namespace Parley.Client;

/// <summary>
/// One WebSocket to the server: calls go out with an id and are settled by the answer carrying it, a receive loop
/// reads every message in order and hands events to <see cref="ParleyClient"/>. Calls still pending when the socket
/// closes fail.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim needs disposing only once its AvailableWaitHandle was used; calls may still reach a closed connection.")]
internal sealed class ClientConnection
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    // The server pings every 15 s; a server that stops answering ours is given up after 15 s more.
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(15);

    // A Data event carries at most 64 KiB of payload, which JSON escaping may grow up to six times.
    private const int MaxMessageBytes = 1024 * 1024;

    // The reader is Parley's server, never an HTML page: only what JSON itself requires is escaped, so a payload of
    // non-ASCII text keeps its UTF-8 size and fits the server's message limit.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ClientWebSocket _socket;
    private readonly ParleyClient _owner;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<int, PendingCall> _pending = new();
    private Task _receiving = Task.CompletedTask;
    private int _lastId;
    private string? _closingBecause;
    private volatile bool _closed;

    private ClientConnection(ClientWebSocket socket, ParleyClient owner)
    {
        _socket = socket;
        _owner = owner;
    }

    /// <summary>Opens a socket to <paramref name="uri"/>; fails with <see cref="ParleyConnectionException"/>.</summary>
    public static async Task<ClientConnection> OpenAsync(Uri uri, ParleyClientOptions options, ParleyClient owner, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = KeepAliveInterval;
        socket.Options.KeepAliveTimeout = KeepAliveTimeout;
        if (options.Origin is { } origin)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        using var timeout = new CancellationTokenSource(ConnectTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(uri, options.HttpInvoker, linked.Token).ConfigureAwait(false);
            return new ClientConnection(socket, owner);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            var why = timeout.IsCancellationRequested ? $"no answer within {ConnectTimeout.TotalSeconds} s"
                : status != 0 ? $"the server answered HTTP {(int)status} {status}"
                : e.Message;
            throw new ParleyConnectionException($"Could not open the signaling socket {uri}: {why}.", e)
            {
                StatusCode = status == 0 ? null : status,
            };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void StartReceiving() => _receiving = Task.Run(ReceiveAsync);

    /// <summary>Sends a call; the task completes with its typed result (on the thread pool).</summary>
    public Task<T> CallAsync<T>(string call, string?[] args, JsonTypeInfo<T> result, CancellationToken cancellationToken)
        where T : class
    {
        var pending = new PendingCall<T>(call, result, answered: null);
        _ = StartAsync(pending, args, cancellationToken);
        return pending.Task!;
    }

    /// <summary>
    /// Sends a call whose answer <paramref name="answered"/> handles on the receive loop, before the next message is
    /// read (or wherever the call fails).
    /// </summary>
    public void Call<T>(string call, string?[] args, JsonTypeInfo<T> result, Action<T?, Exception?> answered, CancellationToken cancellationToken)
        where T : class => _ = StartAsync(new PendingCall<T>(call, result, answered), args, cancellationToken);

    /// <summary>Registers <paramref name="pending"/> under a fresh id and sends it; every failure settles the call.</summary>
    private async Task StartAsync(PendingCall pending, string?[] args, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            pending.Cancel(cancellationToken);
            return;
        }

        var id = NextId();
        _pending[id] = pending;
        if (_closed)
        {
            Fail(id, pending);
            return;
        }

        using var cancel = cancellationToken.Register(() =>
        {
            if (_pending.TryRemove(new KeyValuePair<int, PendingCall>(id, pending)))
            {
                pending.Cancel(cancellationToken);
            }
        });
        try
        {
            await SendAsync(writer => WriteCall(writer, id, pending.Call, args), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ParleyConnectionException or OperationCanceledException)
        {
            if (_pending.TryRemove(new KeyValuePair<int, PendingCall>(id, pending)))
            {
                pending.Fail(e);
            }
        }
    }

    /// <summary>Sends a <c>Relay</c>: no id, no answer; a refusal arrives as a <c>Refused</c> event.</summary>
    public Task RelayAsync(string payload, string? to, CancellationToken cancellationToken) =>
        SendAsync(writer => WriteCall(writer, id: null, SignalingCalls.Relay, [payload, to]), cancellationToken);

    /// <summary>Closes the socket politely; calls still pending fail with <paramref name="because"/>.</summary>
    public async Task CloseAsync(string because)
    {
        _closingBecause ??= because;
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(CloseTimeout).ConfigureAwait(false);
            }

            await _receiving.WaitAsync(CloseTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            // The server did not answer the close in time, or the socket is already gone: it is cut off below.
        }

        _socket.Abort();
        await _receiving.ConfigureAwait(false);
        _socket.Dispose();
    }

    private int NextId()
    {
        // The server takes ids from 1 to 2^31 - 1.
        while (true)
        {
            var last = Volatile.Read(ref _lastId);
            var next = last == int.MaxValue ? 1 : last + 1;
            if (Interlocked.CompareExchange(ref _lastId, next, last) == last)
            {
                return next;
            }
        }
    }

    private static void WriteCall(Utf8JsonWriter writer, int? id, string call, string?[] args)
    {
        writer.WriteStartObject();
        if (id is { } value)
        {
            writer.WriteNumber("id"u8, value);
        }

        writer.WriteString("call"u8, call);
        writer.WriteStartArray("args"u8);
        foreach (var arg in args)
        {
            writer.WriteStringValue(arg);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private async Task SendAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            throw new ParleyConnectionException("The signaling connection is closed.", e) { CloseStatus = _socket.CloseStatus };
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.GetMemory(4096), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                buffer.Advance(result.Count);
                if (buffer.WrittenCount > MaxMessageBytes)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "message too big", CancellationToken.None).ConfigureAwait(false);
                    break;
                }

                if (result.EndOfMessage)
                {
                    if (result.MessageType == WebSocketMessageType.Text)
                    {
                        Handle(buffer.WrittenMemory);
                    }

                    buffer.ResetWrittenCount();
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The connection broke or was aborted: as closed as a Close frame.
        }
        finally
        {
            _closed = true;
            foreach (var (id, pending) in _pending)
            {
                Fail(id, pending);
            }

            _owner.ConnectionClosed(this, _socket.CloseStatus, _socket.CloseStatusDescription);
        }
    }

    /// <summary>An answer (it has an id) settles its call; an event goes to the client; anything else is logged.</summary>
    private void Handle(ReadOnlyMemory<byte> message)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException e)
        {
            _owner.Unreadable($"not JSON: {e.Message}");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                _owner.Unreadable("not a JSON object");
            }
            else if (root.TryGetProperty("event"u8, out var name) && name.ValueKind == JsonValueKind.String)
            {
                _owner.EventReceived(this, name.GetString()!, root.TryGetProperty("arg"u8, out var arg) ? arg : default);
            }
            else if (root.TryGetProperty("id"u8, out var id) && id.TryGetInt32(out var callId))
            {
                Answer(callId, root);
            }
            else
            {
                _owner.Unreadable("neither an answer nor an event");
            }
        }
    }

    private void Answer(int id, JsonElement message)
    {
        if (!_pending.TryRemove(id, out var pending))
        {
            // A call cancelled by its caller: its answer is not awaited any more.
            return;
        }

        if (message.TryGetProperty("error"u8, out var error) && error.ValueKind != JsonValueKind.Null)
        {
            pending.Fail(error.Deserialize(SignalingJsonContext.Default.SignalingError) is { } refusal
                ? new ParleyCallException(pending.Call, refusal)
                : new InvalidDataException($"The server answered {pending.Call} with an unreadable error: {error}"));
        }
        else if (message.TryGetProperty("result"u8, out var result))
        {
            pending.Complete(result);
        }
        else
        {
            pending.Fail(new InvalidDataException($"The server answered {pending.Call} with neither a result nor an error."));
        }
    }

    private void Fail(int id, PendingCall pending)
    {
        if (!_pending.TryRemove(new KeyValuePair<int, PendingCall>(id, pending)))
        {
            return;
        }

        var closed = _socket.CloseStatus is { } status
            ? $"the server closed the connection (code {(int)status}{(string.IsNullOrEmpty(_socket.CloseStatusDescription) ? string.Empty : ": " + _socket.CloseStatusDescription)})"
            : "the connection closed";
        pending.Fail(new ParleyConnectionException($"{_closingBecause ?? closed} before {pending.Call} was answered.")
        {
            CloseStatus = _socket.CloseStatus,
        });
    }

    /// <summary>A call waiting for its answer.</summary>
    private abstract class PendingCall(string call)
    {
        public string Call => call;

        public abstract void Complete(JsonElement result);

        public abstract void Fail(Exception exception);

        public abstract void Cancel(CancellationToken cancellationToken);
    }

    /// <summary>
    /// A call whose answer is read as a <typeparamref name="T"/>: either a task that continues on the thread pool, or a
    /// callback that runs where the answer is read (the receive loop), before the next message.
    /// </summary>
    private sealed class PendingCall<T>(string call, JsonTypeInfo<T> type, Action<T?, Exception?>? answered) : PendingCall(call)
        where T : class
    {
        private readonly TaskCompletionSource<T>? _answer = answered is null ? new(TaskCreationOptions.RunContinuationsAsynchronously) : null;

        public Task<T>? Task => _answer?.Task;

        public override void Complete(JsonElement result)
        {
            T? value;
            try
            {
                value = result.Deserialize(type);
            }
            catch (JsonException e)
            {
                Fail(new InvalidDataException($"The server answered {Call} with a result this client cannot read: {e.Message}", e));
                return;
            }

            if (value is null)
            {
                Fail(new InvalidDataException($"The server answered {Call} with a null result."));
                return;
            }

            answered?.Invoke(value, null);
            _answer?.TrySetResult(value);
        }

        public override void Fail(Exception exception)
        {
            answered?.Invoke(null, exception);
            _answer?.TrySetException(exception);
        }

        public override void Cancel(CancellationToken cancellationToken)
        {
            answered?.Invoke(null, new OperationCanceledException(cancellationToken));
            _answer?.TrySetCanceled(cancellationToken);
        }
    }
}
