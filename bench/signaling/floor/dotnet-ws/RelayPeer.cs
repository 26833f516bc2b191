using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Parley.Bench.FloorWs;

/// <summary>
/// One connection: a single receive loop that parses each message and writes it, header in front, straight to
/// the other members' sockets. An idle peer holds no buffer: it waits with a zero-byte receive.
/// </summary>
internal sealed class RelayPeer
{
    private const int FirstBufferSize = 4096;
    private const int MaxMessageLength = 64 * 1024;
    private const int Headroom = WebSocketFrame.MaxHeaderLength;

    private readonly WebSocket _socket;
    private readonly Outgoing _outgoing;
    private readonly Rooms _rooms;
    private readonly bool _validate;
    private Room? _room;

    private RelayPeer(Stream connection, Rooms rooms, FloorOptions options)
    {
        _outgoing = new Outgoing(connection, options.Send);
        _socket = WebSocket.CreateFromStream(
            new SharedWriteStream(connection, _outgoing),
            new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        _rooms = rooms;
        _validate = options.Validate;
    }

    public static Task ServeAsync(Stream connection, Rooms rooms, FloorOptions options, CancellationToken cancellationToken) =>
        new RelayPeer(connection, rooms, options).RunAsync(cancellationToken);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var next = await _socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                if (next.MessageType == WebSocketMessageType.Close)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
                    break;
                }

                if (next.MessageType != WebSocketMessageType.Text)
                {
                    await CloseAsync(WebSocketCloseStatus.InvalidMessageType, "text frames only", cancellationToken).ConfigureAwait(false);
                    break;
                }

                if (!await ReceiveAndHandleAsync(cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
            // the peer vanished: nothing to tell it
        }
        finally
        {
            if (_room is not null)
            {
                _rooms.Leave(_room, this);
            }

            await _outgoing.WhenDrainedAsync().ConfigureAwait(false);
            _socket.Dispose();
        }
    }

    /// <summary>False when the connection was closed for bad input.</summary>
    private async Task<bool> ReceiveAndHandleAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Headroom + FirstBufferSize);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length - Headroom)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Headroom + (2 * length));
                    buffer.AsSpan(0, Headroom + length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                // one byte more than the limit tells an oversized message from one that fits exactly
                var room = Math.Min(buffer.Length - Headroom, MaxMessageLength + 1) - length;
                var chunk = await _socket.ReceiveAsync(buffer.AsMemory(Headroom + length, room), cancellationToken).ConfigureAwait(false);
                length += chunk.Count;
                if (length > MaxMessageLength)
                {
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"messages are at most {MaxMessageLength} bytes", cancellationToken).ConfigureAwait(false);
                    return false;
                }

                if (chunk.EndOfMessage)
                {
                    break;
                }
            }

            Envelope envelope;
            try
            {
                envelope = Envelope.Read(buffer.AsSpan(Headroom, length), _validate);
                if (envelope.Kind == EnvelopeKind.Data && _room is null)
                {
                    throw new InvalidDataException("join a room before sending data");
                }
            }
            catch (InvalidDataException e)
            {
                await CloseAsync(WebSocketCloseStatus.InvalidPayloadData, e.Message, cancellationToken).ConfigureAwait(false);
                return false;
            }

            if (envelope.Kind == EnvelopeKind.Data)
            {
                await RelayAsync(buffer, length, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await JoinAsync(envelope.Room!, envelope.Username!, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The received bytes are the relayed message: write the frame header into the headroom before them.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RelayAsync(byte[] buffer, int length, CancellationToken cancellationToken)
    {
        var headerLength = WebSocketFrame.HeaderLength(length);
        WebSocketFrame.WriteTextHeader(buffer.AsSpan(Headroom - headerLength), length);
        var frame = buffer.AsMemory(Headroom - headerLength, headerLength + length);
        foreach (var member in _room!.Members)
        {
            if (member != this)
            {
                await member.SendToAsync(frame, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task JoinAsync(string room, string username, CancellationToken cancellationToken)
    {
        if (_room is not null)
        {
            _rooms.Leave(_room, this);
        }

        (_room, var others) = _rooms.Join(room, this);
        var ready = WebSocketFrame.Text(ReadyMessage(username));
        foreach (var other in others)
        {
            await other.SendToAsync(ready, cancellationToken).ConfigureAwait(false);
        }
    }

    // A failed write belongs to the target's connection, which its own receive loop tears down: the sender goes on.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendToAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        try
        {
            await _outgoing.SendAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // the target is closing
        }
    }

    private static byte[] ReadyMessage(string username)
    {
        var json = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "ready"u8);
            writer.WriteString("username"u8, username);
            writer.WriteEndObject();
        }

        return json.WrittenSpan.ToArray();
    }

    private Task CloseAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken) =>
        _socket.CloseOutputAsync(status, reason, cancellationToken);
}
