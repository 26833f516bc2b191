using System.Net;
using System.Net.Sockets;
using Parley.Turn.Stun;

namespace Parley.Turn.Allocations;

/// <summary>
/// Hands out relay UDP sockets bound to ports from the configured range, starting at a random port so relayed
/// addresses are hard to guess (RFC 8656 §7.2 and §21.1.7). A range of 0-0 lets the OS choose (tests). Each socket
/// gets a receive buffer of <c>receiveBufferBytes</c> (0 keeps the system default).
/// </summary>
internal sealed class RelayPortPool(int minPort, int maxPort, int receiveBufferBytes = 0)
{
    // Bounds the binds per Allocate that fail because another process holds the port (or, with ephemeral ports, give
    // an odd one); ports this pool holds are skipped without a system call, so a nearly full range still fills up.
    private const int MaxBindAttempts = 128;

    private readonly Lock _gate = new();
    private readonly HashSet<(AddressFamily, int)> _inUse = [];

    private bool IsEphemeral => minPort == 0 && maxPort == 0;

    /// <summary>Binds a UDP socket on <paramref name="address"/>; null when no port is free (508).</summary>
    public Socket? TryBind(IPAddress address, bool evenPort)
    {
        if (IsEphemeral)
        {
            return TryBindEphemeral(address, evenPort);
        }

        int rangeSize = maxPort - minPort + 1;
        int start = Random.Shared.Next(rangeSize);
        int binds = 0;
        for (int offset = 0; offset < rangeSize && binds < MaxBindAttempts; offset++)
        {
            int port = minPort + ((start + offset) % rangeSize);
            if ((evenPort && port % 2 != 0) || !TryReserve(address.AddressFamily, port))
            {
                continue;
            }

            binds++;
            if (TryBindSocket(address, port, receiveBufferBytes) is { } socket)
            {
                return socket;
            }

            Release(address.AddressFamily, port);
        }

        return null;
    }

    /// <summary>Whether a relay socket of this pool is bound to <paramref name="address"/>'s family and port now.</summary>
    public bool IsRelayPort(TransportAddress address)
    {
        lock (_gate)
        {
            return _inUse.Contains((address.Family, address.Port));
        }
    }

    public void Release(AddressFamily family, int port)
    {
        lock (_gate)
        {
            _inUse.Remove((family, port));
        }
    }

    /// <summary>Lets the OS choose the port (a range of 0-0, tests), asking again while it gives an odd one for an even port.</summary>
    private Socket? TryBindEphemeral(IPAddress address, bool evenPort)
    {
        for (int attempt = 0; attempt < MaxBindAttempts; attempt++)
        {
            Socket? socket = TryBindSocket(address, 0, receiveBufferBytes);
            if (socket is null)
            {
                return null;
            }

            int bound = ((IPEndPoint)socket.LocalEndPoint!).Port;
            if (!evenPort || bound % 2 == 0)
            {
                TryReserve(address.AddressFamily, bound);
                return socket;
            }

            socket.Dispose();
        }

        return null;
    }

    private bool TryReserve(AddressFamily family, int port)
    {
        lock (_gate)
        {
            return _inUse.Add((family, port));
        }
    }

    private static Socket? TryBindSocket(IPAddress address, int port, int receiveBufferBytes)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            if (receiveBufferBytes > 0)
            {
                // Holds peers' datagrams while the relay thread is busy elsewhere; the kernel caps it at net.core.rmem_max.
                socket.ReceiveBufferSize = receiveBufferBytes;
            }

            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch (SocketException)
        {
            // Taken by another process; the caller tries the next port.
            socket.Dispose();
            return null;
        }
    }
}
