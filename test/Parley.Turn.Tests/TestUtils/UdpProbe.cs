using System.Net;
using System.Net.Sockets;
using Parley.Turn.Auth;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Tests.TestUtils;

/// <summary>
/// A raw UDP socket on a chosen loopback address that counts the bytes it sends to the server and the bytes
/// the server answers with: a stand-in for a spoofed source in reflection tests.
/// </summary>
internal sealed class UdpProbe : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly TurnServer _server;
    private readonly IPEndPoint _serverEndPoint;

    public UdpProbe(string address, TurnServer server)
    {
        _server = server;
        _serverEndPoint = server.UdpEndPoints[0];
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
    }

    public long BytesSent { get; private set; }

    public long BytesReceived { get; private set; }

    public int Answers { get; private set; }

    public async Task SendAsync(byte[] packet)
    {
        BytesSent += await _socket.SendToAsync(packet, SocketFlags.None, _serverEndPoint).DefaultTimeout();
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
    /// Counts in the answers to everything sent so far and returns their sizes. The count ends at the answer to a
    /// request no budget holds back, sent after the rest and not counted: an authenticated Refresh, answered 437 as the
    /// probe has no allocation. The server answers a source's datagrams in order, so nothing sent before it is
    /// answered after it.
    /// </summary>
    public async Task<List<int>> CollectAnswersAsync()
    {
        byte[] end = AuthenticatedRefresh();
        await _socket.SendToAsync(end, SocketFlags.None, _serverEndPoint).DefaultTimeout();
        var sizes = new List<int>();
        byte[] buffer = new byte[65536];
        while (true)
        {
            int read = await _socket.ReceiveAsync(buffer, SocketFlags.None).DefaultTimeout();
            if (read >= 20 && buffer.AsSpan(8, 12).SequenceEqual(end.AsSpan(8, 12)))
            {
                return sizes;
            }

            sizes.Add(read);
            BytesReceived += read;
            Answers++;
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>A Refresh with the fixture's user's credentials and a nonce the server issues for this socket's address.</summary>
    private byte[] AuthenticatedRefresh()
    {
        string realm = _server.Context.Options.Realm;
        string nonce = _server.Context.Nonces.Issue(TransportAddress.FromIPEndPoint((IPEndPoint)_socket.LocalEndPoint!));
        byte[] key = LongTermCredentials.ComputeKey(PasswordAlgorithm.Md5, TurnServerFixture.User, realm, TurnServerFixture.Password);
        return TurnTestClient.Build(StunMethod.Refresh, StunClass.Request, box =>
        {
            box.Append(new UsernameAttribute(TurnServerFixture.User));
            box.Append(new RealmAttribute(realm));
            box.Append(new NonceAttribute(nonce));
            box.AppendMessageIntegrity(key);
        });
    }
}
