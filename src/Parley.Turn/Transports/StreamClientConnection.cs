using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Parley.Turn.Allocations;
using Parley.Turn.Handlers;

namespace Parley.Turn.Transports;

/// <summary>
/// One stream client (TCP, or TLS over TCP): reads framed STUN and ChannelData messages, and serialises writes
/// from its own responses and from the relay loops of its allocation. Closing the connection deletes the
/// allocation. RFC 8656 §3.1.
/// </summary>
internal sealed class StreamClientConnection : ClientConnection, IClientConnectionFactory, IDisposable
{
    private readonly Stream _stream;
    private readonly TurnPacketRouter _router;
    private readonly ILogger _logger;
    private readonly FiveTuple _fiveTuple;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    // Not disposed either: it has no timer or registration to free, and a late Close may still cancel it.
    private readonly CancellationTokenSource _closing = new();
    private string? _closeReason;

    public StreamClientConnection(Stream stream, in FiveTuple fiveTuple, TurnPacketRouter router, ILogger logger)
    {
        _stream = stream;
        _router = router;
        _logger = logger;
        _fiveTuple = fiveTuple;
    }

    public override TransportProtocol Protocol => TransportProtocol.Tcp;

    public ClientConnection GetConnection(in FiveTuple fiveTuple) => this;

    /// <summary>
    /// Ends <see cref="RunAsync"/>: on the receive path once the frame being handled is done, from elsewhere (the
    /// admission's sweep) by cancelling the read under way. The first reason is logged.
    /// </summary>
    public override void Close(string reason)
    {
        _closeReason ??= reason;
        _closing.Cancel();
    }

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        try
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        try
        {
            await _stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            _logger.SocketOperationFailed("Send to stream client", (e.InnerException as SocketException)?.SocketErrorCode ?? SocketError.SocketError);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection or the server is closing; the read loop cleans up.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Serves the connection until the client closes it, sends garbage, the server stops or it is closed.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stopping, _closing.Token);
        CancellationToken cancellationToken = running.Token;
        byte[] buffer = new byte[StreamFraming.MaxFrameLength];
        byte[] response = new byte[TurnPacketRouter.ResponseBufferSize];
        int buffered = 0;
        string reason = "closed by the client";
        try
        {
            while (true)
            {
                int read = await _stream.ReadAsync(buffer.AsMemory(buffered), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffered += read;
                int consumed = await HandleFramesAsync(buffer, buffered, response, cancellationToken).ConfigureAwait(false);
                if (consumed < 0)
                {
                    reason = _closeReason ?? "not a STUN or ChannelData stream";
                    break;
                }

                buffer.AsSpan(consumed, buffered - consumed).CopyTo(buffer);
                buffered -= consumed;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException or SocketException)
        {
            reason = _closeReason ?? e.Message;
        }
        finally
        {
            _router.OnConnectionClosed(_fiveTuple);
            Dispose();
            _logger.TcpConnectionClosed(_fiveTuple, reason);
        }
    }

    // The write lock is not disposed: a relay loop may still be releasing it, and SemaphoreSlim holds nothing to free.
    public void Dispose() => _stream.Dispose();

    /// <summary>Handles every complete frame in the buffer; returns the bytes consumed, or -1 for a broken or closed stream.</summary>
    private async ValueTask<int> HandleFramesAsync(byte[] buffer, int buffered, byte[] response, CancellationToken cancellationToken)
    {
        int consumed = 0;
        while (true)
        {
            FrameStatus status = StreamFraming.TryGetFrameLength(buffer.AsSpan(consumed, buffered - consumed), StreamFraming.MaxFrameLength, out int frameLength);
            if (status != FrameStatus.Complete)
            {
                return status == FrameStatus.Invalid ? -1 : consumed;
            }

            int responseLength = _router.HandlePacket(buffer.AsSpan(consumed, frameLength), _fiveTuple, this, response);
            if (_closeReason is not null)
            {
                return -1;
            }

            consumed += frameLength;
            if (responseLength > 0)
            {
                await SendAsync(response.AsMemory(0, responseLength), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
