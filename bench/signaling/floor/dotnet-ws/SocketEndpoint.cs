using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Parley.Bench.FloorWs;

/// <summary>
/// The floor below Kestrel: accept on a bare socket, read the upgrade request by hand, then the same relay over
/// a <see cref="NetworkStream"/> (one send syscall per write, no pipes, no HTTP context kept per connection).
/// </summary>
internal static class SocketEndpoint
{
    private const int MaxRequestLength = 4096;
    private static readonly byte[] EndOfHeaders = "\r\n\r\n"u8.ToArray();

    public static async Task RunAsync(Rooms rooms, FloorOptions options)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, options.Port));
        listener.Listen(4096);
        Console.WriteLine($"floor relay (bare socket) listening on ws://127.0.0.1:{options.Port}/ws");
        while (true)
        {
            var socket = await listener.AcceptAsync().ConfigureAwait(false);
            socket.NoDelay = true;
            _ = ServeAsync(socket, rooms, options);
        }
    }

    private static async Task ServeAsync(Socket socket, Rooms rooms, FloorOptions options)
    {
        var stream = new NetworkStream(socket, ownsSocket: true);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                var key = await ReadUpgradeKeyAsync(stream).ConfigureAwait(false);
                if (key is null)
                {
                    await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray()).ConfigureAwait(false);
                    return;
                }

                var response = $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {Handshake.Accept(key)}\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response)).ConfigureAwait(false);
                await RelayPeer.ServeAsync(stream, rooms, options, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // the client went away during the handshake
            }
        }
    }

    /// <summary>The Sec-WebSocket-Key of a "GET /ws" upgrade request, or null for anything else.</summary>
    private static async Task<string?> ReadUpgradeKeyAsync(NetworkStream stream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxRequestLength);
        try
        {
            var length = 0;
            int end;
            while ((end = buffer.AsSpan(0, length).IndexOf(EndOfHeaders)) < 0)
            {
                if (length == MaxRequestLength)
                {
                    return null;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length, MaxRequestLength - length)).ConfigureAwait(false);
                if (read == 0)
                {
                    return null;
                }

                length += read;
            }

            // a client sends nothing more before the 101, so the request ends the bytes read
            if (end + EndOfHeaders.Length != length)
            {
                return null;
            }

            var lines = Encoding.ASCII.GetString(buffer, 0, end).Split("\r\n");
            if (!lines[0].StartsWith("GET /ws ", StringComparison.Ordinal))
            {
                return null;
            }

            foreach (var line in lines.AsSpan(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Sec-WebSocket-Key", StringComparison.OrdinalIgnoreCase))
                {
                    return line[(colon + 1)..].Trim();
                }
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
