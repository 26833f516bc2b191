using System.Net.Sockets;

namespace Parley.Turn.Tests.TestUtils;

/// <summary>Observes a server closing a stream connection, whether with a FIN or, when unread bytes remain, a reset.</summary>
internal static class ServerClose
{
    /// <summary>Whether the server closes <paramref name="socket"/> within the tests' timeout (it sends nothing unasked).</summary>
    public static async Task<bool> IsClosedByServerAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TaskTimeoutExtensions.Timeout);
        try
        {
            return await socket.ReceiveAsync(new byte[64], SocketFlags.None, timeout.Token) == 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }
}
