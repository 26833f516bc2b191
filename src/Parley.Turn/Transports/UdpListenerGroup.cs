using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Parley.Turn.Handlers;

namespace Parley.Turn.Transports;

/// <summary>
/// The UDP listeners of one listen address: on Linux several sockets bound to the same port with SO_REUSEPORT, each
/// served by its own <see cref="UdpListener"/> thread. The kernel picks a socket by hashing the client's address and
/// port, so a client always lands on the same thread (its datagrams stay in order, its Allocate and its ChannelData
/// are handled on one thread) while different clients are received, routed and relayed to peers in parallel: one
/// thread doing all of that was where clients' datagrams queued up and overflowed under load.
/// </summary>
internal sealed class UdpListenerGroup : IAsyncDisposable
{
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    private readonly List<UdpListener> _listeners;

    private UdpListenerGroup(List<UdpListener> listeners)
    {
        _listeners = listeners;
        LocalEndPoint = listeners[0].LocalEndPoint;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>How many sockets (and threads) receive on the port.</summary>
    public int Count => _listeners.Count;

    /// <summary>
    /// Binds <paramref name="threads"/> sockets (one on the portable path, which does not use SO_REUSEPORT) on
    /// <paramref name="endPoint"/>, each with a receive buffer of <paramref name="receiveBufferBytes"/>. Throws
    /// <see cref="SocketException"/> when the port is taken, by this or another process.
    /// </summary>
    public static UdpListenerGroup Bind(IPEndPoint endPoint, int threads, int receiveBufferBytes, bool batched, TurnPacketRouter router, ILogger logger)
    {
        int count = batched ? threads : 1;
        for (int attempt = 1; ; attempt++)
        {
            IPEndPoint bound = endPoint;
            if (count > 1)
            {
                // Sockets of the same user that all set SO_REUSEPORT share a port silently: a second server started on
                // this port would take half the clients. Binding it once without the option first fails as before when
                // anything holds the port, and finds the ephemeral port for port 0.
                using Socket probe = CreateSocket(endPoint.AddressFamily, receiveBufferBytes, reusePort: false);
                probe.Bind(endPoint);
                bound = (IPEndPoint)probe.LocalEndPoint!;
            }

            try
            {
                return new UdpListenerGroup([.. BindSockets(bound, count, receiveBufferBytes).Select(socket => new UdpListener(socket, router, logger, batched))]);
            }
            catch (SocketException e) when (endPoint.Port == 0 && count > 1 && e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 5)
            {
                // Someone else's bind(0) took the ephemeral port between the probe's close and these binds: probe again.
            }
        }
    }

    private static List<Socket> BindSockets(IPEndPoint endPoint, int count, int receiveBufferBytes)
    {
        var sockets = new List<Socket>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                Socket socket = CreateSocket(endPoint.AddressFamily, receiveBufferBytes, reusePort: count > 1);
                sockets.Add(socket);
                socket.Bind(endPoint);
            }

            return sockets;
        }
        catch
        {
            sockets.ForEach(socket => socket.Dispose());
            throw;
        }
    }

    public void Start() => _listeners.ForEach(listener => listener.Start());

    public async ValueTask DisposeAsync()
    {
        foreach (UdpListener listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static Socket CreateSocket(AddressFamily family, int receiveBufferBytes, bool reusePort)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (family == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            // Absorbs bursts while the thread is busy; the kernel caps it at net.core.rmem_max.
            socket.ReceiveBufferSize = receiveBufferBytes;
            if (reusePort)
            {
                socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
