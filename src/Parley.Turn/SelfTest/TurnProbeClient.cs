using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.SelfTest;

/// <summary>
/// The smallest TURN client over UDP that proves a relay works: Allocate with long-term credentials,
/// CreatePermission, Send indication, and the Data indication coming back. One request at a time; a request is
/// retransmitted every <see cref="Retransmit"/> until the caller's token ends it (RFC 8489 §6.2.1).
/// </summary>
internal sealed class TurnProbeClient : IDisposable
{
    private static readonly TimeSpan Retransmit = TimeSpan.FromMilliseconds(250);

    private readonly Socket _socket;
    private readonly IPEndPoint _server;
    private readonly byte[] _send = new byte[1024];
    private readonly byte[] _receive = new byte[2048];
    private readonly TurnClientCredential _credential;

    public TurnProbeClient(IPEndPoint server, string username, string password)
    {
        _server = server;
        _credential = new TurnClientCredential(username, password);
        _socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback, 0));
    }

    /// <summary>Allocates a UDP relay and returns its relayed transport address. RFC 8656 §7.1.</summary>
    public async Task<IPEndPoint> AllocateAsync(CancellationToken cancellationToken)
    {
        // The first request carries no credentials: its 401 names the realm and a nonce. RFC 8489 §9.2.3.
        int length = Write(StunMethod.Allocate, authenticate: false, peer: null, lifetime: null);
        int received = await RequestAsync(length, cancellationToken).ConfigureAwait(false);
        (StunErrorCode challenge, _) = ReadResponse(received, takeChallenge: true);
        if (challenge != StunErrorCode.Unauthenticated)
        {
            throw new TurnProbeException($"the unauthenticated Allocate drew {Describe(challenge)} instead of 401");
        }

        length = Write(StunMethod.Allocate, authenticate: true, peer: null, lifetime: null);
        received = await RequestAsync(length, cancellationToken).ConfigureAwait(false);
        (StunErrorCode error, IPEndPoint? relayed) = ReadResponse(received, takeChallenge: false);
        return error == StunErrorCode.None && relayed is not null
            ? relayed
            : throw new TurnProbeException($"Allocate failed with {Describe(error)}");
    }

    /// <summary>Installs a permission for <paramref name="peer"/>. RFC 8656 §10.1.</summary>
    public Task CreatePermissionAsync(IPEndPoint peer, CancellationToken cancellationToken) =>
        ExpectSuccessAsync(StunMethod.CreatePermission, peer, null, cancellationToken);

    /// <summary>Deletes the allocation with a zero lifetime Refresh. RFC 8656 §8.</summary>
    public Task DeleteAllocationAsync(CancellationToken cancellationToken) =>
        ExpectSuccessAsync(StunMethod.Refresh, null, 0, cancellationToken);

    /// <summary>Sends <paramref name="payload"/> to <paramref name="peer"/> through the relay. RFC 8656 §11.1.</summary>
    public async Task SendAsync(IPEndPoint peer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        int length = WriteSendIndication(peer, payload.Span);
        await _socket.SendToAsync(_send.AsMemory(0, length), SocketFlags.None, _server, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for a Data indication from <paramref name="peer"/> and returns its DATA. RFC 8656 §11.4.</summary>
    public async Task<byte[]> ReceiveDataAsync(IPEndPoint peer, CancellationToken cancellationToken)
    {
        var expected = TransportAddress.FromIPEndPoint(peer);
        while (true)
        {
            int received = await _socket.ReceiveAsync(_receive, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (TryReadDataIndication(received, expected, out byte[]? data))
            {
                return data;
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task ExpectSuccessAsync(StunMethod method, IPEndPoint? peer, uint? lifetime, CancellationToken cancellationToken)
    {
        int length = Write(method, authenticate: true, peer, lifetime);
        int received = await RequestAsync(length, cancellationToken).ConfigureAwait(false);
        (StunErrorCode error, _) = ReadResponse(received, takeChallenge: false);
        if (error != StunErrorCode.None)
        {
            throw new TurnProbeException($"{method} failed with {Describe(error)}");
        }
    }

    /// <summary>Sends the request in the send buffer until a response with its transaction id arrives.</summary>
    private async Task<int> RequestAsync(int length, CancellationToken cancellationToken)
    {
        StunTransactionId id = StunTransactionId.Read(_send.AsSpan(8, StunTransactionId.Length));
        while (true)
        {
            await _socket.SendToAsync(_send.AsMemory(0, length), SocketFlags.None, _server, cancellationToken).ConfigureAwait(false);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(Retransmit);
            try
            {
                while (true)
                {
                    int received = await _socket.ReceiveAsync(_receive, SocketFlags.None, wait.Token).ConfigureAwait(false);
                    if (received >= StunMessageReader.HeaderLength
                        && StunTransactionId.Read(_receive.AsSpan(8, StunTransactionId.Length)) == id)
                    {
                        return received;
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // No answer within the retransmission interval: send the request again.
            }
        }
    }

    private int Write(StunMethod method, bool authenticate, IPEndPoint? peer, uint? lifetime) =>
        _credential.WriteRequest(_send, method, StunTransactionId.NewRandom(), authenticate, peer, lifetime);

    private int WriteSendIndication(IPEndPoint peer, ReadOnlySpan<byte> payload)
    {
        var writer = new StunMessageWriter(_send, new StunMessageType(StunMethod.Send, StunClass.Indication), StunTransactionId.NewRandom());
        writer.Append(new XorPeerAddressAttribute(TransportAddress.FromIPEndPoint(peer)));
        writer.Append(StunAttributeType.Data, payload);
        return writer.Length;
    }

    private (StunErrorCode Error, IPEndPoint? Relayed) ReadResponse(int length, bool takeChallenge)
    {
        if (!StunMessageReader.TryParse(_receive.AsSpan(0, length), out StunMessageReader response, out StunDecodeError decodeError))
        {
            throw new TurnProbeException($"the server's response does not parse ({decodeError})");
        }

        if (response.Type.Class == StunClass.SuccessResponse)
        {
            // RFC 8489 §9.2.5: a success response to an authenticated request must carry a valid MESSAGE-INTEGRITY.
            if (!takeChallenge && !response.VerifyMessageIntegrity(_credential.Key))
            {
                throw new TurnProbeException("the server's response failed the MESSAGE-INTEGRITY check");
            }

            return (StunErrorCode.None, response.TryGet(out XorRelayedAddressAttribute relayed) ? relayed.Address.ToIPEndPoint() : null);
        }

        if (!response.TryGet(out ErrorCodeAttribute error))
        {
            throw new TurnProbeException("an error response without ERROR-CODE");
        }

        if (takeChallenge)
        {
            _credential.TakeChallenge(response);
        }

        return (error.Code, null);
    }

    private bool TryReadDataIndication(int length, TransportAddress expectedPeer, [NotNullWhen(true)] out byte[]? data)
    {
        data = null;
        if (!StunMessageReader.TryParse(_receive.AsSpan(0, length), out StunMessageReader message, out _)
            || message.Type != new StunMessageType(StunMethod.Data, StunClass.Indication)
            || !message.TryGet(out XorPeerAddressAttribute peer)
            || peer.Address != expectedPeer
            || !message.TryGet(out DataAttribute payload))
        {
            return false;
        }

        data = payload.Payload.ToArray();
        return true;
    }

    private static string Describe(StunErrorCode code) => code == StunErrorCode.None ? "success" : ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A step of the self-test did not get the answer a working TURN server gives.</summary>
internal sealed class TurnProbeException(string message) : Exception(message);
