using System.Net;
using System.Net.Sockets;
using Parley.Signaling.Contracts;
using Parley.Turn.Auth;
using Parley.Turn.SelfTest;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Server.Tests.TestUtils;

/// <summary>
/// A TURN client over loopback UDP with one credential, as a browser uses the one its seat or a probe was given:
/// Allocate, Refresh and CreatePermission, each answered with the error code the server sent (0 for success).
/// Handles the 401 challenge and a 438 (stale nonce) as a real client does (RFC 8489 §9.2).
/// </summary>
internal sealed class TurnSeatClient : IDisposable
{
    private static readonly TimeSpan Retransmit = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;
    private readonly TurnClientCredential _credential;
    private readonly byte[] _receive = new byte[2048];

    public TurnSeatClient(int udpPort, string username, string password)
    {
        _server = new IPEndPoint(IPAddress.Loopback, udpPort);
        _credential = new TurnClientCredential(username, password);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    /// <summary>A client for the TURN credential in <paramref name="servers"/>, on the embedded server's UDP port.</summary>
    public static TurnSeatClient For(IReadOnlyList<IceServer> servers, int udpPort)
    {
        var turn = servers.SingleOrDefault(s => s.Urls.Any(u => u.StartsWith("turn:", StringComparison.Ordinal)))
            ?? throw new InvalidOperationException($"No TURN server among [{string.Join(", ", servers.SelectMany(s => s.Urls))}]");
        return new TurnSeatClient(udpPort, turn.Username!, turn.Credential!);
    }

    /// <summary>The grant of this client's credential.</summary>
    public string Grant => TurnRestCredentials.GetGrant(_credential.Username);

    /// <summary>Allocates a UDP relay. RFC 8656 §7.1.</summary>
    public async Task<int> AllocateAsync()
    {
        if (!_credential.IsChallenged)
        {
            // The first request carries no credentials: its 401 names the realm and a nonce. RFC 8489 §9.2.3.
            var challenge = await RequestAsync(StunMethod.Allocate, authenticate: false, null, null);
            if (challenge != (int)StunErrorCode.Unauthenticated)
            {
                return challenge;
            }
        }

        return await AuthenticatedAsync(StunMethod.Allocate, null, null);
    }

    /// <summary>Refreshes the allocation for <paramref name="lifetime"/> seconds (0 deletes it). RFC 8656 §7.2.</summary>
    public Task<int> RefreshAsync(uint lifetime = 600) => AuthenticatedAsync(StunMethod.Refresh, null, lifetime);

    /// <summary>Installs a permission for a peer on loopback. RFC 8656 §9.1.</summary>
    public Task<int> CreatePermissionAsync() =>
        AuthenticatedAsync(StunMethod.CreatePermission, new IPEndPoint(IPAddress.Loopback, 9), null);

    public void Dispose() => _socket.Dispose();

    private async Task<int> AuthenticatedAsync(StunMethod method, IPEndPoint? peer, uint? lifetime)
    {
        var code = await RequestAsync(method, authenticate: true, peer, lifetime);
        return code == (int)StunErrorCode.StaleNonce ? await RequestAsync(method, authenticate: true, peer, lifetime) : code;
    }

    private async Task<int> RequestAsync(StunMethod method, bool authenticate, IPEndPoint? peer, uint? lifetime)
    {
        var request = Write(method, authenticate, peer, lifetime, out var id);
        using var deadline = new CancellationTokenSource(AnswerTimeout);
        while (true)
        {
            await _socket.SendToAsync(request, SocketFlags.None, _server, deadline.Token);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            wait.CancelAfter(Retransmit);
            try
            {
                while (true)
                {
                    var received = await _socket.ReceiveAsync(_receive, SocketFlags.None, wait.Token);
                    if (received >= StunMessageReader.HeaderLength && StunTransactionId.Read(_receive.AsSpan(8, StunTransactionId.Length)) == id)
                    {
                        return Read(received);
                    }
                }
            }
            catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
            {
                // No answer within the retransmission interval: send the request again (RFC 8489 §6.2.1).
            }
        }
    }

    private byte[] Write(StunMethod method, bool authenticate, IPEndPoint? peer, uint? lifetime, out StunTransactionId id)
    {
        var buffer = new byte[1024];
        id = StunTransactionId.NewRandom();
        return buffer[.._credential.WriteRequest(buffer, method, id, authenticate, peer, lifetime)];
    }

    private int Read(int length)
    {
        if (!StunMessageReader.TryParse(_receive.AsSpan(0, length), out var response, out var error))
        {
            throw new InvalidOperationException($"The TURN server's answer does not parse ({error}).");
        }

        if (response.Type.Class == StunClass.SuccessResponse)
        {
            return 0;
        }

        _credential.TakeChallenge(response);
        return response.TryGet(out ErrorCodeAttribute code)
            ? (int)code.Code
            : throw new InvalidOperationException("An error answer without ERROR-CODE.");
    }
}
