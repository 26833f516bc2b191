using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Parley.Turn.Allocations;

namespace Parley.Turn.Transports;

/// <summary>A UDP client: its source address on the listener socket that received its Allocate.</summary>
internal sealed class UdpClientConnection(Socket listener, SocketAddress client, ILogger logger) : ClientConnection
{
    public override TransportProtocol Protocol => TransportProtocol.Udp;

    /// <summary>The listener socket replies go out on.</summary>
    public Socket Listener => listener;

    /// <summary>The client's address, as sockets take it.</summary>
    public SocketAddress Address => client;

    /// <summary>Sends synchronously: a UDP send does not block, and the relay path stays allocation-free.</summary>
    public override ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        Send(frame.Span);
        return default;
    }

    public void Send(ReadOnlySpan<byte> frame)
    {
        try
        {
            listener.SendTo(frame, SocketFlags.None, client);
        }
        catch (SocketException e)
        {
            logger.SocketOperationFailed("Send to client", e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // The listener is shutting down.
        }
    }
}
