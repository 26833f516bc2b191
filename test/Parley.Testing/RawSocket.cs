using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Parley.Signaling.Contracts;

namespace Parley.Testing;

/// <summary>
/// A bare WebSocket on the signaling socket (<c>/ws/signaling</c>), written from its wire protocol, for what
/// <c>Parley.Client</c> never sends: malformed or oversized messages, binary or fragmented frames, pipelined floods,
/// a client that ignores <c>Reconnect</c>. Answers are awaited by id, events queue up per name; every wait is bounded
/// by <see cref="Timeout"/>.
/// </summary>
public sealed class RawSocket : IAsyncDisposable
{
    // The protocol's path, not the server's constant: these tests pin what clients dial.
    public const string Path = "/ws/signaling";

    /// <summary>Case-sensitive camelCase, as the protocol promises: a property spelled otherwise is not read.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNameCaseInsensitive = false };

    /// <summary>How long any wait of this client lasts at most.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _answers = new();
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> _events = new(StringComparer.Ordinal);
    private readonly List<int> _answeredIds = [];
    private readonly SemaphoreSlim _sending = new(1, 1);
    private int _lastId;
    private int _disposed;
    private volatile bool _finished;
    private Task _readLoop = Task.CompletedTask;

    private RawSocket(ClientWebSocket socket)
    {
        _socket = socket;
    }

    /// <summary>Completes when the socket has closed (by a Close frame or by breaking).</summary>
    public Task Closed => _readLoop;

    /// <summary>The close code the server sent, once <see cref="Closed"/> has completed; null if it sent none.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>The ids of answers in the order they arrived.</summary>
    public IReadOnlyList<int> AnsweredIds
    {
        get
        {
            lock (_answeredIds)
            {
                return [.. _answeredIds];
            }
        }
    }

    private static Uri UrlOf(Uri server) => new UriBuilder(new Uri(server, Path)) { Scheme = "ws" }.Uri;

    /// <summary>Opens a socket to <paramref name="server"/>; <paramref name="configure"/> may set headers such as Origin.</summary>
    public static async Task<RawSocket> ConnectAsync(Uri server, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        try
        {
            await socket.ConnectAsync(UrlOf(server), CancellationToken.None).WaitAsync(Timeout);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new RawSocket(socket);
        client._readLoop = Task.Run(client.ReadAsync);
        return client;
    }

    /// <summary>Sends a call with a fresh id and returns the whole answer message (<c>{"id":…,"result":…}</c>).</summary>
    public async Task<JsonElement> CallAsync(string call, params string?[] args) => await AnswerAsync(await SendCallAsync(call, args));

    /// <summary>Sends a call with the next id without waiting for its answer; ids go out in increasing order.</summary>
    public async Task<int> SendCallAsync(string call, params string?[] args)
    {
        await _sending.WaitAsync(Timeout);
        try
        {
            var id = ++_lastId;
            await SendUnlockedAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { id, call, args })), WebSocketMessageType.Text, endOfMessage: true);
            return id;
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Sends a call and reads its <c>result</c>, failing the test if the server answered a top-level error.</summary>
    public async Task<T> InvokeAsync<T>(string call, params string?[] args)
    {
        var answer = await CallAsync(call, args);
        Assert.True(answer.TryGetProperty("result", out var result),
            $"{call}({string.Join(", ", args)}) was answered without a result: {answer}");
        return result.Deserialize<T>(Json)
            ?? throw new InvalidOperationException($"{call} was answered with a null result: {answer}");
    }

    /// <summary>Joins and fails the test unless the join succeeded.</summary>
    public async Task<JoinResult> JoinOkAsync(string room, string username)
    {
        var result = await InvokeAsync<JoinResult>(SignalingCalls.Join, room, username);
        Assert.True(result.Error is null, $"Join of '{room}' as '{username}' over the raw socket failed: {result.Error}");
        return result;
    }

    /// <summary>Sends <paramref name="text"/> as one text frame; with <paramref name="endOfMessage"/> false, as the first of a message's fragments.</summary>
    public async Task SendTextAsync(string text, bool endOfMessage = true) =>
        await SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage);

    public async Task SendBinaryAsync(byte[] bytes) => await SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true);

    /// <summary>The answer carrying <paramref name="id"/>, whenever it came; fails if the socket closes first.</summary>
    public Task<JsonElement> AnswerAsync(int id)
    {
        var answer = _answers.GetOrAdd(id, NewAnswer);
        if (_finished)
        {
            answer.TrySetException(SocketClosed(id));
        }

        return Within(answer.Task, $"the answer to call {id}");
    }

    public async Task<RefusedCall> NextRefusedAsync() => Read<RefusedCall>(await NextEventAsync(SignalingEvents.Refused));

    /// <summary>The next event named <paramref name="name"/> (the whole message), skipping none of the others.</summary>
    public Task<JsonElement> NextEventAsync(string name) =>
        Within(EventsNamed(name).Reader.ReadAsync().AsTask(), $"a {name} event");

    /// <summary>
    /// Fails if any event reached this socket before the server answered a call sent now (an empty <c>Data</c>,
    /// refused without effect): on one socket, what was sent before that answer arrives before it.
    /// </summary>
    public async Task AssertNoEventsAsync(string because)
    {
        await CallAsync(SignalingCalls.Data, string.Empty, null);
        foreach (var (name, events) in _events)
        {
            Assert.False(events.Reader.TryRead(out var unexpected), $"Unexpected {name} event {unexpected}: {because}");
        }
    }

    /// <summary>Waits for the server to close the socket and returns the close code it sent.</summary>
    public async Task<WebSocketCloseStatus?> ClosedByServerAsync()
    {
        await Within(_readLoop, "the server to close the socket");
        return _socket.CloseStatus;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception e) when (e is WebSocketException or TimeoutException or ObjectDisposedException)
            {
                // The server already went away.
            }
        }

        _socket.Abort();
        await _readLoop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _sending.Dispose();
    }

    private static T Read<T>(JsonElement message)
    {
        Assert.True(message.TryGetProperty("arg", out var arg), $"event without an arg: {message}");
        return arg.Deserialize<T>(Json) ?? throw new InvalidOperationException($"event with a null arg: {message}");
    }

    private static async Task<T> Within<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no {what} within {Timeout.TotalSeconds} s");
        }
    }

    private static async Task Within(Task task, string what)
    {
        try
        {
            await task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no {what} within {Timeout.TotalSeconds} s");
        }
    }

    private static TaskCompletionSource<JsonElement> NewAnswer(int id) => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebSocketException SocketClosed(int id) =>
        new($"the socket closed (close code {(int?)_socket.CloseStatus}, '{_socket.CloseStatusDescription}') before the answer to call {id}");

    private Channel<JsonElement> EventsNamed(string name) => _events.GetOrAdd(name, _ => Channel.CreateUnbounded<JsonElement>());

    private async Task SendAsync(byte[] bytes, WebSocketMessageType type, bool endOfMessage)
    {
        await _sending.WaitAsync(Timeout);
        try
        {
            await SendUnlockedAsync(bytes, type, endOfMessage);
        }
        finally
        {
            _sending.Release();
        }
    }

    private Task SendUnlockedAsync(byte[] bytes, WebSocketMessageType type, bool endOfMessage) =>
        _socket.SendAsync(new ArraySegment<byte>(bytes), type, endOfMessage, CancellationToken.None).WaitAsync(Timeout);

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    Dispatch(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length), result.MessageType);
                    message.SetLength(0);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection broke or was aborted: as closed as a Close frame.
        }
        finally
        {
            _finished = true;
            foreach (var (id, answer) in _answers)
            {
                answer.TrySetException(SocketClosed(id));
            }

            foreach (var events in _events.Values)
            {
                events.Writer.TryComplete(new WebSocketException("the socket closed"));
            }
        }
    }

    /// <summary>Sorts a server message into an answer (it has an id) or an event; anything else is a protocol breach.</summary>
    private void Dispatch(string text, WebSocketMessageType type)
    {
        JsonElement message;
        try
        {
            message = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            EventsNamed("(not JSON)").Writer.TryWrite(JsonSerializer.SerializeToElement(text));
            return;
        }

        if (type != WebSocketMessageType.Text)
        {
            EventsNamed("(binary frame)").Writer.TryWrite(message);
        }
        else if (message.TryGetProperty("id", out var id) && id.TryGetInt32(out var answerId))
        {
            lock (_answeredIds)
            {
                _answeredIds.Add(answerId);
            }

            _answers.GetOrAdd(answerId, NewAnswer).TrySetResult(message);
        }
        else if (message.TryGetProperty("event", out var name) && name.GetString() is { } eventName)
        {
            EventsNamed(eventName).Writer.TryWrite(message);
        }
        else
        {
            EventsNamed("(neither answer nor event)").Writer.TryWrite(message);
        }
    }
}
