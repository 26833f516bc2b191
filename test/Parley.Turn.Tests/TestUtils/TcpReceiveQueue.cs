using System.Globalization;
using System.Net;

namespace Parley.Turn.Tests.TestUtils;

/// <summary>What the kernel holds unread for one end of a loopback TCP connection (the rx_queue of <c>/proc/net/tcp</c>).</summary>
internal static class TcpReceiveQueue
{
    /// <summary>
    /// Returns once the socket at <paramref name="local"/> connected to <paramref name="remote"/> has read everything sent
    /// to it, so that the next write reaches it in a read of its own.
    /// </summary>
    public static Task WaitUntilReadAsync(IPEndPoint local, IPEndPoint remote)
    {
        string key = $"{Hex(local)} {Hex(remote)}";
        return Condition.WaitUntilAsync(() => Unread(key) == 0, () => Unread(key) < 0
            ? $"no connection from {local} to {remote} in /proc/net/tcp"
            : $"{local} left {Unread(key)} bytes from {remote} unread");
    }

    /// <summary>The unread bytes of the connection, or -1 when /proc/net/tcp does not list it.</summary>
    private static long Unread(string key)
    {
        // "sl local_address rem_address st tx_queue:rx_queue ...", addresses as hex IPv4:port.
        foreach (string line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if ($"{fields[1]} {fields[2]}" == key)
            {
                return long.Parse(fields[4].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    // The kernel prints the IPv4 address as one 32-bit number in host (little-endian) order, the port big-endian.
    private static string Hex(IPEndPoint endPoint) =>
        string.Create(CultureInfo.InvariantCulture, $"{BitConverter.ToUInt32(endPoint.Address.GetAddressBytes()):X8}:{endPoint.Port:X4}");
}
