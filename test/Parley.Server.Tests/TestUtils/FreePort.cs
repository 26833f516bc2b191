using System.Net;
using System.Net.Sockets;

namespace Parley.Server.Tests.TestUtils;

internal static class FreePort
{
    /// <summary>A TCP port on loopback that nothing listens on right now, for a server that must come back on it.</summary>
    public static int Tcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A UDP port on loopback that nothing uses right now, for a tool that cannot take port 0.</summary>
    public static int Udp()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
