using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Turn;
using Parley.Turn.Allocations;
using Parley.Turn.Auth;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Transports;

namespace Parley.Bench.Micro;

/// <summary>
/// One packet through the server's router, as the UDP listener hands it over: a Binding request answered, and
/// ChannelData relayed to a peer over a real loopback socket (the send is included; nothing may be allocated).
/// </summary>
[MemoryDiagnoser]
public class TurnRelayBenchmarks : IDisposable
{
    private const string User = "bench";
    private const string Password = "bench-password";

    private readonly byte[] _response = new byte[TurnPacketRouterResponseBuffer];
    private TurnServer _server = null!;
    private Socket _client = null!;
    private Socket _peer = null!;
    private ClientFactory _connections = null!;
    private FiveTuple _fiveTuple;
    private byte[] _binding = [];
    private byte[] _channelData = [];

    // TurnPacketRouter.ResponseBufferSize: large enough for any response.
    private const int TurnPacketRouterResponseBuffer = 1024;

    [Params(120, 1200)]
    public int PayloadSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = new TurnServerOptions
        {
            ListenAddresses = ["127.0.0.1"],
            UdpPort = 0,
            EnableTcp = false,
            RelayAddress = "127.0.0.1",
            StaticUsers = { [User] = Password },
            AllowedPeerAddresses = ["127.0.0.0/8"],
        };
        _server = new TurnServer(options, NullLoggerFactory.Instance);
        _server.StartAsync().GetAwaiter().GetResult();
        _client = Bound();
        _peer = Bound();
        _connections = new ClientFactory(_client);
        _fiveTuple = new FiveTuple(
            TransportProtocol.Udp,
            TransportAddress.FromIPEndPoint((IPEndPoint)_client.LocalEndPoint!),
            TransportAddress.FromIPEndPoint(_server.UdpEndPoints[0]));

        var challenge = Route(Request(StunMethod.Allocate, (ref StunMessageWriter w) => w.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp))));
        if (!StunMessageReader.TryParse(challenge, out var reader, out _) || !reader.TryGet(out RealmAttribute realm) || !reader.TryGet(out NonceAttribute nonce))
        {
            throw new InvalidOperationException("The unauthenticated Allocate got no challenge.");
        }

        var key = LongTermCredentials.ComputeKey(PasswordAlgorithm.Md5, User, realm.Value, Password);
        Expect(StunMethod.Allocate, Route(Authenticated(StunMethod.Allocate, key, realm.Value, nonce.Value, (ref StunMessageWriter w) => w.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp)))));
        var peer = TransportAddress.FromIPEndPoint((IPEndPoint)_peer.LocalEndPoint!);
        Expect(StunMethod.ChannelBind, Route(Authenticated(StunMethod.ChannelBind, key, realm.Value, nonce.Value, (ref StunMessageWriter w) =>
        {
            w.Append(new ChannelNumberAttribute(0x4000));
            w.Append(new XorPeerAddressAttribute(peer));
        })));

        _binding = Request(StunMethod.Binding, (ref StunMessageWriter _) => { });
        _channelData = new byte[ChannelData.HeaderLength + PayloadSize];
        BinaryPrimitives.WriteUInt16BigEndian(_channelData, 0x4000);
        BinaryPrimitives.WriteUInt16BigEndian(_channelData.AsSpan(2), (ushort)PayloadSize);
    }

    [Benchmark]
    public int AnswerBindingRequest() => _server.Router.HandlePacket(_binding, _fiveTuple, _connections, _response);

    [Benchmark]
    public int RelayChannelDataToPeer() => _server.Router.HandlePacket(_channelData, _fiveTuple, _connections, _response);

    [GlobalCleanup]
    public void Dispose()
    {
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _client.Dispose();
        _peer.Dispose();
        GC.SuppressFinalize(this);
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static void Expect(StunMethod method, byte[] response)
    {
        if (!StunMessageReader.TryParse(response, out var reader, out _) || reader.Type.Class != StunClass.SuccessResponse)
        {
            throw new InvalidOperationException($"{method} failed during set-up.");
        }
    }

    private static byte[] Request(StunMethod method, WriteAttributes attributes)
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, new StunMessageType(method, StunClass.Request), StunTransactionId.NewRandom());
        attributes(ref writer);
        return writer.Written.ToArray();
    }

    private static byte[] Authenticated(StunMethod method, byte[] key, string realm, string nonce, WriteAttributes attributes) =>
        Request(method, (ref StunMessageWriter w) =>
        {
            attributes(ref w);
            w.Append(new UsernameAttribute(User));
            w.Append(new RealmAttribute(realm));
            w.Append(new NonceAttribute(nonce));
            w.AppendMessageIntegrity(key);
        });

    private byte[] Route(byte[] request)
    {
        int length = _server.Router.HandlePacket(request, _fiveTuple, _connections, _response);
        return _response.AsSpan(0, length).ToArray();
    }

    private delegate void WriteAttributes(ref StunMessageWriter writer);

    /// <summary>Responses and Data would go back to the client socket, as the UDP listener's connections do.</summary>
    private sealed class ClientFactory(Socket client) : IClientConnectionFactory
    {
        private readonly SocketAddress _address = ((IPEndPoint)client.LocalEndPoint!).Serialize();

        public ClientConnection GetConnection(in FiveTuple fiveTuple) => new UdpClientConnection(client, _address, NullLogger.Instance);
    }
}
