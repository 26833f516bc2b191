using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Parley.Signaling.Abuse;
using Parley.Signaling.Contracts;

namespace Parley.Signaling.Sockets;

/// <summary>
/// One client on the lean signaling socket: a single receive loop reads each call, runs it through
/// <see cref="SignalingProtocol"/> on the receiving thread and answers; events from other connections are written
/// straight to this socket under its send lock. An idle socket holds no buffer: it waits with a zero-byte receive.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim needs disposing only once its AvailableWaitHandle was used; senders may still reach a closed socket.")]
internal sealed partial class SignalingSocket : SocketEventWriter
{
    private const int FirstBufferSize = 4096;
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SignalingProtocol _protocol;
    private readonly CallLimits _limits;
    private readonly ILogger _logger;
    private volatile bool _closing;

    private SignalingSocket(WebSocket socket, string connectionId, string? requestHost, SignalingProtocol protocol, CallLimits limits, ILogger logger)
    {
        _socket = socket;
        _protocol = protocol;
        _limits = limits;
        _logger = logger;
        Connection = new SignalingConnection(connectionId, requestHost, this, Close);
    }

    public string ConnectionId => Connection.ConnectionId;

    private SignalingConnection Connection { get; }

    /// <summary>
    /// Accepts the WebSocket of <paramref name="context"/> and serves it until it closes; a client over its connection
    /// cap gets 429 instead. An idle connection waits in this one method, so it holds one suspended call frame rather
    /// than one per layer.
    /// </summary>
    public static async Task ServeAsync(
        HttpContext context, ConnectionRegistry connections, SignalingProtocol protocol, CallLimits limits, ILogger logger)
    {
        // The place is taken before the upgrade is answered, so that a refusal is a 429 however fast the client is.
        var slot = limits.TryConnect(context.Connection.RemoteIpAddress, connections.NewConnectionId());
        if (slot is null)
        {
            await SignalingAdmission.RefuseTooManyConnections(context).ConfigureAwait(false);
            return;
        }

        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var requestHost = context.Request.Host.Host;

            // Kestrel keeps the upgraded request alive as long as the socket, and nothing reads its headers again: let
            // their values go (a browser's handshake sends a dozen, its user agent and cookies among them).
            context.Request.Headers.Clear();
            await ServeAsync(socket, slot, requestHost, protocol, limits, logger).ConfigureAwait(false);
        }
        finally
        {
            slot.Release();
        }
    }

    /// <summary>Serves an accepted <paramref name="socket"/> in <paramref name="slot"/> until it closes, then releases the slot; the caller disposes the socket.</summary>
    public static async Task ServeAsync(
        WebSocket socket, ConnectionSlot slot, string? requestHost, SignalingProtocol protocol, CallLimits limits, ILogger logger)
    {
        var client = new SignalingSocket(socket, slot.ConnectionId, requestHost, protocol, limits, logger);
        var allowance = slot.Allowance;
        protocol.Connected(client.Connection);
        try
        {
            // The wait for each message takes no buffer, so an idle socket holds none.
            while (await client.HandleNextAsync(await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false), allowance).ConfigureAwait(false))
            {
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client vanished or was aborted: there is nobody to tell.
        }
        finally
        {
            try
            {
                await protocol.DisconnectedAsync(client.Connection).ConfigureAwait(false);
            }
            finally
            {
                slot.Release();
            }
        }
    }

    public override async Task SendAsync(ReadOnlyMemory<byte> message)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var send = _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            if (!send.IsCompletedSuccessfully)
            {
                // Only a client that stopped reading gets here: it must not hold up the peers writing to it.
                await send.AsTask().WaitAsync(SendTimeout).ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
            LogSendTimedOut(_logger, ConnectionId, SendTimeout);
            _socket.Abort();
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The socket is closing; its own receive loop ends the connection.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Handles the message <paramref name="next"/> announced; false once the socket has closed.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> HandleNextAsync(ValueWebSocketReceiveResult next, ConnectionAllowance allowance)
    {
        if (next.MessageType == WebSocketMessageType.Close)
        {
            if (_socket.State == WebSocketState.CloseReceived)
            {
                await CloseAsync(WebSocketCloseStatus.NormalClosure, string.Empty).ConfigureAwait(false);
            }

            return false;
        }

        if (next.MessageType == WebSocketMessageType.Binary)
        {
            LogClosedForInput(_logger, ConnectionId, "a binary message");
            await CloseAsync(WebSocketCloseStatus.InvalidMessageType, "Parley's signaling socket takes text messages only.").ConfigureAwait(false);
            return false;
        }

        return await ReceiveAndHandleAsync(allowance).ConfigureAwait(false);
    }

    /// <summary>Reads one whole message and handles it; false when the socket was closed for it.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReceiveAndHandleAsync(ConnectionAllowance allowance)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FirstBufferSize);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(2 * length);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                // One byte more than the limit tells an oversized message from one that fits exactly.
                var space = Math.Min(buffer.Length, SignalingLimits.MaxMessageBytes + 1) - length;
                var chunk = await _socket.ReceiveAsync(buffer.AsMemory(length, space), CancellationToken.None).ConfigureAwait(false);
                length += chunk.Count;
                if (length > SignalingLimits.MaxMessageBytes)
                {
                    LogClosedForInput(_logger, ConnectionId, "an oversized message");
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"A message is at most {SignalingLimits.MaxMessageBytes} bytes.").ConfigureAwait(false);
                    return false;
                }

                if (chunk.EndOfMessage)
                {
                    break;
                }
            }

            if (!_closing)
            {
                await HandleAsync(SocketCall.Read(buffer.AsSpan(0, length)), allowance).ConfigureAwait(false);
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask HandleAsync(SocketCall call, ConnectionAllowance allowance)
    {
        if (call.Problem is { } problem)
        {
            await FailAsync(call, SignalingErrors.InvalidCall(problem)).ConfigureAwait(false);
            _limits.Refused(allowance, call.Call, Connection);
            return;
        }

        if (!_limits.TryAdmit(allowance, call.Call, Connection))
        {
            await RefuseRateLimitedAsync(call).ConfigureAwait(false);
            return;
        }

        try
        {
            await RunAsync(call).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (WebSocketException or IOException or ObjectDisposedException or OperationCanceledException))
        {
            // The room registry or the link to other nodes failed (Redis down or slow): the call fails, the socket stays.
            LogCallFailed(_logger, e, ConnectionId, call.Call);
            await FailAsync(call, SignalingErrors.ServerError).ConfigureAwait(false);
        }
    }

    /// <summary>A call that could not be read or completed: by its id when it has one, else as a <c>Refused</c> event.</summary>
    private Task FailAsync(SocketCall call, SignalingError error) => call.Id is { } id
        ? SendAnswerAsync(id, isError: true, error, Json.SignalingError)
        : Refused(new RefusedCall(call.Call, error));

    private async Task RunAsync(SocketCall call)
    {
        var connection = Connection;
        switch (call.Call)
        {
            case SignalingCalls.Relay:
                await _protocol.RelayAsync(connection, call.Arg0, call.Arg1).ConfigureAwait(false);
                break;
            case SignalingCalls.Data:
                await AnswerAsync(call, await _protocol.DataAsync(connection, call.Arg0, call.Arg1).ConfigureAwait(false)).ConfigureAwait(false);
                break;
            case SignalingCalls.Join:
                await AnswerAsync(call, await _protocol.JoinAsync(connection, call.Arg0, call.Arg1, null, keptPeerConnections: false).ConfigureAwait(false)).ConfigureAwait(false);
                break;
            case SignalingCalls.Rejoin or SignalingCalls.Resume:
                var kept = call.Call == SignalingCalls.Resume;
                await AnswerAsync(call, await _protocol.JoinAsync(connection, call.Arg0, call.Arg1, call.Arg2, kept).ConfigureAwait(false)).ConfigureAwait(false);
                break;
            case SignalingCalls.Leave:
                await AnswerAsync(call, await _protocol.LeaveAsync(connection).ConfigureAwait(false)).ConfigureAwait(false);
                break;
            case SignalingCalls.Unlock:
                await AnswerAsync(call, _protocol.Unlock(connection, call.Arg0)).ConfigureAwait(false);
                break;
            default:
                // SocketCall.Read lets only the calls above through; one it learns without this switch is refused.
                await FailAsync(call, SignalingErrors.InvalidCall($"{call.Call} is not a call this server serves")).ConfigureAwait(false);
                break;
        }
    }

    private Task RefuseRateLimitedAsync(SocketCall call)
    {
        if (call.Id is not { } id)
        {
            return Refused(new RefusedCall(call.Call, SignalingErrors.RateLimited));
        }

        return SignalingCalls.IsJoin(call.Call)
            ? AnswerAsync(call, JoinResult.Rejected(SignalingErrors.RateLimited))
            : SendAnswerAsync(id, isError: false, SignalingResult.Fail(SignalingErrors.RateLimited), Json.SignalingResult);
    }

    private Task AnswerAsync(SocketCall call, JoinResult result) =>
        call.Id is { } id ? SendAnswerAsync(id, isError: false, result, Json.JoinResult) : Task.CompletedTask;

    private Task AnswerAsync(SocketCall call, SignalingResult result) =>
        call.Id is { } id ? SendAnswerAsync(id, isError: false, result, Json.SignalingResult) : Task.CompletedTask;

    private void Close(ConnectionCloseReason reason) => _ = reason == ConnectionCloseReason.Flooding
        ? CloseAsync(WebSocketCloseStatus.PolicyViolation, "Closed for sending too many refused calls.")
        : CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "The server is shutting down.");

    /// <summary>Sends the close message; a client that does not answer it within a few seconds is cut off.</summary>
    private async Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        _closing = true;
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(status, description, CancellationToken.None).WaitAsync(CloseTimeout).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or TimeoutException or OperationCanceledException)
        {
            _socket.Abort();
            return;
        }
        finally
        {
            _sendLock.Release();
        }

        // A close the client began is complete once ours is sent; only one this side began waits for the client's.
        if (_socket.State != WebSocketState.Closed)
        {
            _ = AbortUnlessClosedAsync();
        }
    }

    private async Task AbortUnlessClosedAsync()
    {
        await Task.Delay(CloseTimeout).ConfigureAwait(false);
        if (_socket.State != WebSocketState.Closed)
        {
            _socket.Abort();
        }
    }

    [LoggerMessage(240, LogLevel.Warning, "Socket {ConnectionId} closed for {Input}.", EventName = "SocketClosedForInput")]
    private static partial void LogClosedForInput(ILogger logger, string connectionId, string input);

    [LoggerMessage(242, LogLevel.Error, "Call {Call} of socket {ConnectionId} failed; the socket stays open.", EventName = "SocketCallFailed")]
    private static partial void LogCallFailed(ILogger logger, Exception exception, string connectionId, string call);

    [LoggerMessage(241, LogLevel.Warning, "Socket {ConnectionId} did not take a message within {Timeout}; it is cut off.", EventName = "SocketSendTimedOut")]
    private static partial void LogSendTimedOut(ILogger logger, string connectionId, TimeSpan timeout);
}
