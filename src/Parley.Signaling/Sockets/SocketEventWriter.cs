using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Parley.Signaling.Contracts;

namespace Parley.Signaling.Sockets;

/// <summary>
/// The events of a socket connection, written as the socket protocol's text messages
/// (<c>{"event":"Ready","arg":{...}}</c>); where they go is the subclass's business.
/// </summary>
internal abstract class SocketEventWriter : ISignalingClient
{
    // The reader is Parley's own client parsing JSON, never an HTML page: quotes and '+' in SDP need no \u escapes.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    protected static SignalingJsonContext Json { get; } = SignalingJsonContext.Default;

    public Task Ready(ReadyPeer peer) => SendEventAsync("Ready"u8, peer, Json.ReadyPeer);

    public Task Data(DataMessage message) => SendEventAsync("Data"u8, message, Json.DataMessage);

    public Task PeerReconnecting(PeerInfo peer) => SendEventAsync("PeerReconnecting"u8, peer, Json.PeerInfo);

    public Task PeerLeft(PeerInfo peer) => SendEventAsync("PeerLeft"u8, peer, Json.PeerInfo);

    public Task Refused(RefusedCall refusal) => SendEventAsync("Refused"u8, refusal, Json.RefusedCall);

    public Task IceServers(IceServersResponse servers) => SendEventAsync("IceServers"u8, servers, Json.IceServersResponse);

    public Task Reconnect() => SendEventAsync<object?>("Reconnect"u8, null, null);

    /// <summary>Sends one whole text message; it is only read until the returned task completes.</summary>
    public abstract Task SendAsync(ReadOnlyMemory<byte> message);

    /// <summary>Sends <c>{"id":7,"result":{...}}</c>, or <c>{"id":7,"error":{...}}</c> for a call that could not be read.</summary>
    protected Task SendAnswerAsync<T>(int id, bool isError, T value, JsonTypeInfo<T> type)
    {
        var buffer = new RentedBuffer();
        var json = WriterFor(buffer);
        json.WriteStartObject();
        json.WriteNumber("id"u8, id);
        json.WritePropertyName(isError ? "error"u8 : "result"u8);
        JsonSerializer.Serialize(json, value, type);
        json.WriteEndObject();
        Release(json);
        return SendAndReturnAsync(buffer);
    }

    private Task SendEventAsync<T>(ReadOnlySpan<byte> name, T arg, JsonTypeInfo<T>? type)
    {
        var buffer = new RentedBuffer();
        var json = WriterFor(buffer);
        json.WriteStartObject();
        json.WriteString("event"u8, name);
        if (type is not null)
        {
            json.WritePropertyName("arg"u8);
            JsonSerializer.Serialize(json, arg, type);
        }

        json.WriteEndObject();
        Release(json);
        return SendAndReturnAsync(buffer);
    }

    // One writer per thread, pointed at each message's buffer in turn: a message is written without awaiting anything.
    private static Utf8JsonWriter WriterFor(RentedBuffer buffer)
    {
        if (t_writer is { } writer)
        {
            writer.Reset(buffer);
            return writer;
        }

        return t_writer = new Utf8JsonWriter(buffer, WriterOptions);
    }

    private static void Release(Utf8JsonWriter writer)
    {
        writer.Flush();
        writer.Reset(RentedBuffer.None);
    }

    private async Task SendAndReturnAsync(RentedBuffer buffer)
    {
        using (buffer)
        {
            await SendAsync(buffer.WrittenMemory).ConfigureAwait(false);
        }
    }
}
