using System.Buffers.Binary;
using System.Net;
using Parley.Turn.Allocations;
using Parley.Turn.Auth;
using Parley.Turn.Handlers;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Transports;

namespace Parley.Turn.Fuzz;

/// <summary>
/// The whole packet router of a real, started server (<see cref="TurnPacketRouter.HandlePacket"/>), with its
/// allocations, permissions and channels kept from one input to the next like a long-running server's.
/// The first input byte steers: bits 0-1 pick one of four clients, bit 2 TCP instead of UDP, bit 3 wraps the rest
/// as an authenticated request (2 bytes of message type, then attributes as type(2) length(1) value), so the
/// fuzzer reaches the handlers behind authentication; bit 4 adds a FINGERPRINT to that request.
/// Peers are confined to 127.0.0.1: whatever the fuzzer asks for, nothing is relayed off this machine.
/// </summary>
public sealed class RouterTarget : IAsyncDisposable
{
    public const string User = "fuzz";
    public const string Password = "fuzz-password";

    private const int Clients = 4;

    // USERNAME, REALM, NONCE, MESSAGE-INTEGRITY and FINGERPRINT after the fuzzer's attributes.
    private const int CredentialsRoom = 256;
    private readonly TurnServer _server;
    private readonly byte[] _request = new byte[4096];
    private readonly byte[] _response = new byte[TurnPacketRouter.ResponseBufferSize];
    private readonly string?[] _nonces = new string?[Clients * 2];
    private readonly DiscardingConnections _connections = new();
    private string _realm = string.Empty;
    private byte[] _key = [];

    private RouterTarget(TurnServer server) => _server = server;

    /// <summary>The server behind the router, listening on 127.0.0.1, so a caller can check it still answers.</summary>
    public TurnServer Server => _server;

    /// <summary>Success responses so far: proof that inputs get past authentication into the handlers.</summary>
    public int SuccessResponses { get; private set; }

    public static async Task<RouterTarget> StartAsync()
    {
        TurnServerOptions options = LoopbackTurnOptions.Create(User, Password);
        options.DeniedPeerAddresses = ["0.0.0.0/0", "::/0"];

        // Inputs arrive faster than any client sends; the limiter would only hide the handlers from the fuzzer.
        options.UnauthenticatedResponsesPerSecond = 0;
        var server = new TurnServer(options);
        await server.StartAsync().ConfigureAwait(false);
        return new RouterTarget(server);
    }

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        byte control = input[0];
        int client = control & 0x03;
        bool tcp = (control & 0x04) != 0;
        FiveTuple fiveTuple = FiveTupleOf(client, tcp);
        ReadOnlySpan<byte> packet = (control & 0x08) != 0
            ? WrapAuthenticated(input[1..], fiveTuple, client, tcp, fingerprint: (control & 0x10) != 0)
            : input[1..];

        int length = _server.Router.HandlePacket(packet, fiveTuple, _connections, _response);
        CheckResponse(packet, length);
        if (length > 0 && StunMessageReader.TryParse(_response.AsSpan(0, length), out StunMessageReader answer, out _)
            && answer.TryGet(out ErrorCodeAttribute error) && error.Code == StunErrorCode.StaleNonce)
        {
            _nonces[NonceSlot(client, tcp)] = null;
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private void CheckResponse(ReadOnlySpan<byte> request, int length)
    {
        if (length < 0 || length > _response.Length)
        {
            throw new InvariantViolatedException($"HandlePacket returned a response length of {length}");
        }

        if (length == 0)
        {
            return;
        }

        if (!StunMessageReader.TryParse(_response.AsSpan(0, length), out StunMessageReader response, out StunDecodeError error))
        {
            throw new InvariantViolatedException($"the server wrote a response it cannot parse itself: {error}");
        }

        if (response.Type.Class is not (StunClass.SuccessResponse or StunClass.ErrorResponse))
        {
            throw new InvariantViolatedException($"the server answered with a {response.Type.Class}");
        }

        SuccessResponses += response.Type.Class == StunClass.SuccessResponse ? 1 : 0;

        if (!StunMessageReader.TryParse(request, out StunMessageReader parsedRequest, out _) || parsedRequest.TransactionId != response.TransactionId)
        {
            throw new InvariantViolatedException("the server answered something that is not a request, or with another transaction ID");
        }
    }

    private ReadOnlySpan<byte> WrapAuthenticated(ReadOnlySpan<byte> body, in FiveTuple fiveTuple, int client, bool tcp, bool fingerprint)
    {
        string nonce = _nonces[NonceSlot(client, tcp)] ??= Challenge(fiveTuple);
        ushort type = body.Length >= 2 ? (ushort)(BinaryPrimitives.ReadUInt16BigEndian(body) & 0x3EEF) : (ushort)0x0003;
        body = body.Length >= 2 ? body[2..] : [];

        var writer = new StunMessageWriter(_request, StunMessageType.FromValue(type), StunTransactionId.NewRandom());
        int attributes = 0;
        while (body.Length >= 3 && attributes++ < 32)
        {
            var attributeType = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(body);
            int length = Math.Min(body[2], body.Length - 3);
            if (writer.Length + StunMessageReader.AttributeHeaderLength + StunMessageReader.Pad(length) > _request.Length - CredentialsRoom)
            {
                break;
            }

            writer.Append(attributeType, body.Slice(3, length));
            body = body[(3 + length)..];
        }

        writer.Append(new UsernameAttribute(User));
        writer.Append(new RealmAttribute(_realm));
        writer.Append(new NonceAttribute(nonce));
        writer.AppendMessageIntegrity(_key);
        if (fingerprint)
        {
            writer.AppendFingerprint();
        }

        return writer.Written;
    }

    /// <summary>What a client does first: an Allocate without credentials, for the 401's REALM and NONCE.</summary>
    private string Challenge(in FiveTuple fiveTuple)
    {
        var writer = new StunMessageWriter(_request, new StunMessageType(StunMethod.Allocate, StunClass.Request), StunTransactionId.NewRandom());
        writer.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp));
        int length = _server.Router.HandlePacket(writer.Written, fiveTuple, _connections, _response);
        if (!StunMessageReader.TryParse(_response.AsSpan(0, length), out StunMessageReader challenge, out _)
            || !challenge.TryGet(out RealmAttribute realm) || !challenge.TryGet(out NonceAttribute nonce))
        {
            throw new InvariantViolatedException("an Allocate without credentials drew no 401 with REALM and NONCE");
        }

        _realm = realm.Value;
        _key = LongTermCredentials.ComputeKey(PasswordAlgorithm.Md5, User, _realm, Password);
        return nonce.Value;
    }

    private FiveTuple FiveTupleOf(int client, bool tcp)
    {
        IPEndPoint server = tcp ? _server.TcpEndPoints[0] : _server.UdpEndPoints[0];
        return new FiveTuple(
            tcp ? TransportProtocol.Tcp : TransportProtocol.Udp,
            TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 40001 + client)),
            TransportAddress.FromIPEndPoint(server));
    }

    private static int NonceSlot(int client, bool tcp) => (client * 2) + (tcp ? 1 : 0);

    /// <summary>Allocations send to their client through here: the fuzzer has no client listening, so it drops.</summary>
    private sealed class DiscardingConnections : IClientConnectionFactory
    {
        public ClientConnection GetConnection(in FiveTuple fiveTuple) => new DiscardingConnection(fiveTuple.Protocol);
    }

    private sealed class DiscardingConnection(TransportProtocol protocol) : ClientConnection
    {
        public override TransportProtocol Protocol => protocol;

        public override ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) => default;
    }
}
