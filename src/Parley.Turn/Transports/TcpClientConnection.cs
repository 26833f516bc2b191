using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Parley.Turn.Allocations;
using Parley.Turn.Handlers;
using Parley.Turn.Stun;

namespace Parley.Turn.Transports;

/// <summary>
/// One TCP client: reads framed STUN and ChannelData messages, and serialises writes from its own responses
/// and from the relay loops of its allocation. Closing the connection deletes the allocation. RFC 8656 §3.1.
/// </summary>
internal sealed class TcpClientConnection : ClientConnection, IClientConnectionFactory, IDisposable
{
    // The largest frame accepted: relayed payloads are bounded by RelayEndpoint.MaxPayload anyway.
    private const int MaxFrameLength = 16 * 1024 + 64;

    private readonly Socket _socket;
    private readonly TurnPacketRouter _router;
    private readonly ILogger _logger;
    private readonly FiveTuple _fiveTuple;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public TcpClientConnection(Socket socket, TransportAddress server, TurnPacketRouter router, ILogger logger)
    {
        _socket = socket;
        _router = router;
        _logger = logger;
        socket.NoDelay = true;
        _fiveTuple = new FiveTuple(TransportProtocol.Tcp, TransportAddress.FromIPEndPoint((IPEndPoint)socket.RemoteEndPoint!), server);
    }

    public override TransportProtocol Protocol => TransportProtocol.Tcp;

    public ClientConnection GetConnection(in FiveTuple fiveTuple) => this;

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
            while (!frame.IsEmpty)
            {
                int sent = await _socket.SendAsync(frame, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                frame = frame[sent..];
            }
        }
        catch (SocketException e)
        {
            _logger.SendFailed("TCP client", e.SocketErrorCode);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The connection or the server is closing; the read loop cleans up.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Serves the connection until the client closes it, sends garbage, or the server stops.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[MaxFrameLength];
        byte[] response = new byte[TurnPacketRouter.ResponseBufferSize];
        int buffered = 0;
        string reason = "closed by the client";
        try
        {
            while (true)
            {
                int read = await _socket.ReceiveAsync(buffer.AsMemory(buffered), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffered += read;
                int consumed = await HandleFramesAsync(buffer, buffered, response, cancellationToken).ConfigureAwait(false);
                if (consumed < 0)
                {
                    reason = "not a STUN or ChannelData stream";
                    break;
                }

                buffer.AsSpan(consumed, buffered - consumed).CopyTo(buffer);
                buffered -= consumed;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            reason = e.Message;
        }
        finally
        {
            _router.OnConnectionClosed(_fiveTuple);
            Dispose();
            _logger.TcpConnectionClosed(_fiveTuple, reason);
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>Handles every complete frame in the buffer; returns the bytes consumed, or -1 for a broken stream.</summary>
    private async ValueTask<int> HandleFramesAsync(byte[] buffer, int buffered, byte[] response, CancellationToken cancellationToken)
    {
        int consumed = 0;
        while (true)
        {
            FrameStatus status = StreamFraming.TryGetFrameLength(buffer.AsSpan(consumed, buffered - consumed), MaxFrameLength, out int frameLength);
            if (status != FrameStatus.Complete)
            {
                return status == FrameStatus.Invalid ? -1 : consumed;
            }

            int responseLength = _router.HandlePacket(buffer.AsSpan(consumed, frameLength), _fiveTuple, this, response);
            consumed += frameLength;
            if (responseLength > 0)
            {
                await SendAsync(response.AsMemory(0, responseLength), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
