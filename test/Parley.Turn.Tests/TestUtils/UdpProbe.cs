using System.Net;
using System.Net.Sockets;

namespace Parley.Turn.Tests.TestUtils;

/// <summary>
/// A raw UDP socket on a chosen loopback address that counts the bytes it sends to the server and the bytes
/// the server answers with: a stand-in for a spoofed source in reflection tests.
/// </summary>
internal sealed class UdpProbe : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;

    public UdpProbe(string address, IPEndPoint server)
    {
        _server = server;
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
    }

    public long BytesSent { get; private set; }

    public long BytesReceived { get; private set; }

    public int Answers { get; private set; }

    public async Task SendAsync(byte[] packet)
    {
        BytesSent += await _socket.SendToAsync(packet, SocketFlags.None, _server).DefaultTimeout();
    }

    /// <summary>Sends one request and returns the first answer.</summary>
    public async Task<byte[]> RequestAsync(byte[] request)
    {
        await SendAsync(request);
        byte[] buffer = new byte[65536];
        int read = await _socket.ReceiveAsync(buffer, SocketFlags.None).DefaultTimeout();
        BytesReceived += read;
        Answers++;
        return buffer[..read];
    }

    /// <summary>
    /// Collects answers until at least <paramref name="expected"/> have come (or the default timeout passed), then
    /// until none arrives for <paramref name="quiet"/>: a slow server is waited for, extra answers are still seen.
    /// </summary>
    public async Task<List<int>> DrainAsync(TimeSpan quiet, int expected = 0)
    {
        var sizes = new List<int>();
        byte[] buffer = new byte[65536];
        DateTime deadline = DateTime.UtcNow + TaskTimeoutExtensions.Timeout;
        while (true)
        {
            TimeSpan wait = sizes.Count < expected && DateTime.UtcNow < deadline ? deadline - DateTime.UtcNow : quiet;
            using var timeout = new CancellationTokenSource(wait);
            try
            {
                int read = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                sizes.Add(read);
                BytesReceived += read;
                Answers++;
            }
            catch (OperationCanceledException)
            {
                if (sizes.Count >= expected || DateTime.UtcNow >= deadline)
                {
                    return sizes;
                }
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
