using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Parley.Signaling.Tests.TestUtils;

/// <summary>
/// A hostile client: a bare WebSocket speaking the SignalR JSON hub protocol by hand (handshake, records ended by
/// 0x1E), so it can send what no SignalR client library would. A read loop queues the server's records as JSON.
/// </summary>
public sealed class RawHubClient : IAsyncDisposable
{
    public const char RecordSeparator = '\u001e';

    private readonly ClientWebSocket _socket = new();
    private readonly Channel<JsonElement> _records = Channel.CreateUnbounded<JsonElement>();
    private Task _readLoop = Task.CompletedTask;

    private RawHubClient()
    {
    }

    public WebSocketState State => _socket.State;

    /// <summary>Completes when the server has closed the connection (or it broke).</summary>
    public Task Closed => _readLoop;

    /// <summary>Connects straight to the WebSocket (no negotiate, as SkipNegotiation clients do) and completes the handshake.</summary>
    public static async Task<RawHubClient> ConnectAsync(SignalingServer server)
    {
        var client = new RawHubClient();
        var uri = new UriBuilder(server.HubUrl) { Scheme = "ws" }.Uri;
        await client._socket.ConnectAsync(uri, CancellationToken.None).DefaultTimeout();
        client._readLoop = Task.Run(client.ReadAsync);
        await client.SendTextAsync("{\"protocol\":\"json\",\"version\":1}" + RecordSeparator);
        var handshake = await client.NextRecordAsync();
        Assert.True(handshake is { } h && !h.TryGetProperty("error", out _), $"handshake refused: {handshake}");
        return client;
    }

    public Task SendTextAsync(string text, bool endOfMessage = true) =>
        _socket.SendAsync(new ArraySegment<byte>(Encoding.UTF8.GetBytes(text)), WebSocketMessageType.Text, endOfMessage, CancellationToken.None).DefaultTimeout();

    /// <summary>Sends one invocation record; its completion comes back with the same invocation ID.</summary>
    public Task InvokeAsync(string invocationId, string target, params object?[] arguments) =>
        SendTextAsync(Invocation(invocationId, target, arguments));

    public static string Invocation(string invocationId, string target, params object?[] arguments) =>
        JsonSerializer.Serialize(new { type = 1, invocationId, target, arguments }) + RecordSeparator;

    /// <summary>The completion of <paramref name="invocationId"/>, skipping other records; null if the server closed first.</summary>
    public async Task<JsonElement?> CompletionAsync(string invocationId)
    {
        while (await NextRecordAsync() is { } record)
        {
            if (record.GetProperty("type").GetInt32() == 3 && record.GetProperty("invocationId").GetString() == invocationId)
            {
                return record;
            }
        }

        return null;
    }

    /// <summary>The next record from the server (pings included); null once the server has closed the socket.</summary>
    public async Task<JsonElement?> NextRecordAsync()
    {
        try
        {
            return await _records.Reader.ReadAsync().AsTask().DefaultTimeout();
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Whether the server keeps the connection open for <paramref name="period"/>.</summary>
    public async Task<bool> StaysOpenForAsync(TimeSpan period) => await Task.WhenAny(_readLoop, Task.Delay(period)) != _readLoop;

    /// <summary>Reads until the server closes the connection; the close record (type 7) if one came first.</summary>
    public async Task<JsonElement?> ClosedByServerAsync()
    {
        JsonElement? close = null;
        while (await NextRecordAsync() is { } record)
        {
            if (record.GetProperty("type").GetInt32() == 7)
            {
                close = record;
            }
        }

        return close;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception e) when (e is WebSocketException or TimeoutException)
            {
                // The server already went away.
            }
        }

        _socket.Abort();
        await _readLoop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        var pending = new StringBuilder();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                var text = pending.ToString();
                var end = text.LastIndexOf(RecordSeparator);
                if (end < 0)
                {
                    continue;
                }

                foreach (var record in text[..end].Split(RecordSeparator))
                {
                    _records.Writer.TryWrite(JsonDocument.Parse(record).RootElement.Clone());
                }

                pending.Clear().Append(text[(end + 1)..]);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection broke or was aborted: as closed as a Close frame.
        }
        finally
        {
            _records.Writer.TryComplete();
        }
    }
}
