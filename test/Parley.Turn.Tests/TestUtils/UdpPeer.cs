using System.Net;
using System.Net.Sockets;

namespace Parley.Turn.Tests.TestUtils;

/// <summary>A plain UDP socket on a loopback address (127.0.0.1 unless told) standing in for a WebRTC peer behind the relay.</summary>
internal sealed class UdpPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public UdpPeer(string address = "127.0.0.1") => _socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public async Task<(byte[] Data, IPEndPoint From)> ReceiveAsync()
    {
        byte[] buffer = new byte[65536];
        SocketReceiveFromResult result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0)).DefaultTimeout();
        return (buffer[..result.ReceivedBytes], (IPEndPoint)result.RemoteEndPoint);
    }

    public Task SendAsync(byte[] data, IPEndPoint to) => _socket.SendToAsync(data, SocketFlags.None, to).DefaultTimeout();

    public void Dispose() => _socket.Dispose();
}
