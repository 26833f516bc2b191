using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Parley.Turn.Auth;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;

namespace Parley.Turn.Tests.TestUtils;

/// <summary>
/// A small TURN client over a real loopback UDP socket or TCP connection. Responses are matched by transaction
/// ID; everything else (Data indications, ChannelData) is queued for <see cref="ReceiveAsync"/>.
/// </summary>
internal sealed class TurnTestClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly IPEndPoint _server;
    private readonly Channel<byte[]> _responses = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<byte[]> _other = Channel.CreateUnbounded<byte[]>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _readLoop;
    private volatile TaskCompletionSource _reading = Open();

    private TurnTestClient(Socket socket, IPEndPoint server, bool tcp)
    {
        _socket = socket;
        _server = server;
        IsTcp = tcp;
        _readLoop = Task.Run(tcp ? ReadStreamAsync : ReadDatagramsAsync);
    }

    public bool IsTcp { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public string? Username { get; set; }

    public string Realm { get; private set; } = string.Empty;

    public string Nonce { get; private set; } = string.Empty;

    public byte[] Key { get; private set; } = [];

    /// <summary>A client of <paramref name="server"/> from <paramref name="local"/> (another 127.0.0.0/8 address stands for another client address; 127.0.0.1 when null).</summary>
    public static async Task<TurnTestClient> ConnectAsync(TurnServer server, bool tcp, IPAddress? local = null)
    {
        var bind = new IPEndPoint(local ?? IPAddress.Loopback, 0);
        if (tcp)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Bind(bind);
            await socket.ConnectAsync(server.TcpEndPoints[0]).DefaultTimeout();
            return new TurnTestClient(socket, server.TcpEndPoints[0], tcp: true);
        }

        var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(bind);
        return new TurnTestClient(udp, server.UdpEndPoints[0], tcp: false);
    }

    public static byte[] Build(StunMethod method, StunClass @class, Action<StunMessageWriterBox>? attributes = null)
    {
        var box = new StunMessageWriterBox(new byte[2048], new StunMessageType(method, @class));
        attributes?.Invoke(box);
        return box.ToArray();
    }

    public async Task SendRawAsync(byte[] packet)
    {
        if (IsTcp)
        {
            await _socket.SendAsync(packet, SocketFlags.None).DefaultTimeout();
        }
        else
        {
            await _socket.SendToAsync(packet, SocketFlags.None, _server).DefaultTimeout();
        }
    }

    /// <summary>
    /// Sends a request and waits for its response. Over UDP the request is retransmitted every 500 ms like a real
    /// STUN client would (RFC 8489 §6.2.1), since a datagram may be dropped when the server's socket is flooded.
    /// </summary>
    public async Task<StunTestMessage> RequestAsync(byte[] request)
    {
        StunTransactionId id = StunTestMessage.Parse(request).TransactionId;
        TimeSpan retransmit = IsTcp ? TaskTimeoutExtensions.Timeout : TimeSpan.FromMilliseconds(500);
        DateTime deadline = DateTime.UtcNow + TaskTimeoutExtensions.Timeout;
        while (true)
        {
            await SendRawAsync(request);
            using var wait = new CancellationTokenSource(retransmit);
            try
            {
                while (true)
                {
                    StunTestMessage response = StunTestMessage.Parse(await _responses.Reader.ReadAsync(wait.Token));
                    if (response.TransactionId == id)
                    {
                        return response;
                    }
                }
            }
            catch (OperationCanceledException) when (DateTime.UtcNow < deadline)
            {
                // No response yet: retransmit.
            }
        }
    }

    /// <summary>Sends a request with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY from the last challenge.</summary>
    public Task<StunTestMessage> RequestAuthenticatedAsync(StunMethod method, Action<StunMessageWriterBox>? attributes = null) =>
        RequestAsync(Build(method, StunClass.Request, box =>
        {
            attributes?.Invoke(box);
            box.Append(new UsernameAttribute(Username!));
            box.Append(new RealmAttribute(Realm));
            box.Append(new NonceAttribute(Nonce));
            box.AppendMessageIntegrity(Key);
        }));

    /// <summary>
    /// <see cref="RequestAuthenticatedAsync"/>, taking the fresh NONCE of a 438 (Stale Nonce) and sending the request
    /// again as a real client does (RFC 8489 §9.2.5).
    /// </summary>
    public async Task<StunTestMessage> RequestAuthenticatedWithFreshNonceAsync(StunMethod method, Action<StunMessageWriterBox>? attributes = null)
    {
        StunTestMessage response = await RequestAuthenticatedAsync(method, attributes);
        if (response.ErrorCode != 438)
        {
            return response;
        }

        Nonce = response.GetString(StunAttributeType.Nonce);
        return await RequestAuthenticatedAsync(method, attributes);
    }

    /// <summary>Allocate without credentials, take REALM and NONCE from the 401, then Allocate with them.</summary>
    public async Task<StunTestMessage> AllocateAsync(string username, string password, Action<StunMessageWriterBox>? attributes = null)
    {
        await ChallengeAsync(username, password);
        return await RequestAuthenticatedAsync(StunMethod.Allocate, box =>
        {
            box.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp));
            attributes?.Invoke(box);
        });
    }

    public async Task<StunTestMessage> ChallengeAsync(string username, string password)
    {
        StunTestMessage challenge = await RequestAsync(Build(StunMethod.Allocate, StunClass.Request,
            box => box.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp))));
        Assert.Equal(401, challenge.ErrorCode);
        Username = username;
        Realm = challenge.GetString(StunAttributeType.Realm);
        Nonce = challenge.GetString(StunAttributeType.Nonce);
        Key = LongTermCredentials.ComputeKey(PasswordAlgorithm.Md5, username, Realm, password);
        return challenge;
    }

    public void UseNonce(string nonce) => Nonce = nonce;

    public Task<StunTestMessage> CreatePermissionAsync(IPEndPoint peer) =>
        RequestAuthenticatedAsync(StunMethod.CreatePermission, box => box.Append(new XorPeerAddressAttribute(TransportAddress.FromIPEndPoint(peer))));

    public Task<StunTestMessage> ChannelBindAsync(ushort channel, IPEndPoint peer) =>
        RequestAuthenticatedAsync(StunMethod.ChannelBind, box =>
        {
            box.Append(new ChannelNumberAttribute(channel));
            box.Append(new XorPeerAddressAttribute(TransportAddress.FromIPEndPoint(peer)));
        });

    public Task SendIndicationAsync(IPEndPoint peer, byte[] data) =>
        SendRawAsync(Build(StunMethod.Send, StunClass.Indication, box =>
        {
            box.Append(new XorPeerAddressAttribute(TransportAddress.FromIPEndPoint(peer)));
            box.Append(StunAttributeType.Data, data);
        }));

    public Task SendChannelDataAsync(ushort channel, byte[] data)
    {
        int length = ChannelData.GetFramedLength(data.Length, IsTcp);
        byte[] frame = new byte[length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, channel);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)data.Length);
        data.CopyTo(frame, 4);
        return SendRawAsync(frame);
    }

    /// <summary>Stops reading the TCP stream (after the read under way), as a client whose application stalls would.</summary>
    public void PauseReading() => _reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ResumeReading() => _reading.TrySetResult();

    /// <summary>The next message that is not a response: a Data indication or ChannelData.</summary>
    public Task<byte[]> ReceiveAsync() => _other.Reader.ReadAsync().AsTask().DefaultTimeout();

    /// <summary>The next message that is not a response, or null when none comes within <paramref name="wait"/>.</summary>
    public async Task<byte[]?> ReceiveWithinAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await _other.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _readLoop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private void Dispatch(byte[] packet)
    {
        bool isResponse = packet.Length >= 20 && !ChannelData.IsChannelData(packet)
            && StunMessageType.FromValue(BinaryPrimitives.ReadUInt16BigEndian(packet)).Class is StunClass.SuccessResponse or StunClass.ErrorResponse;
        (isResponse ? _responses : _other).Writer.TryWrite(packet);
    }

    private async Task ReadDatagramsAsync()
    {
        byte[] buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                int read = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                Dispatch(buffer[..read]);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    private async Task ReadStreamAsync()
    {
        byte[] buffer = new byte[65536];
        int buffered = 0;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _reading.Task.WaitAsync(_stop.Token);
                int read = await _socket.ReceiveAsync(buffer.AsMemory(buffered), SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                buffered += read;
                int consumed = 0;
                while (buffered - consumed >= 4)
                {
                    ReadOnlySpan<byte> start = buffer.AsSpan(consumed, buffered - consumed);
                    int length = ChannelData.IsChannelData(start)
                        ? ChannelData.GetFramedLength(BinaryPrimitives.ReadUInt16BigEndian(start[2..]), stream: true)
                        : 20 + BinaryPrimitives.ReadUInt16BigEndian(start[2..]);
                    if (buffered - consumed < length)
                    {
                        break;
                    }

                    Dispatch(buffer[consumed..(consumed + length)]);
                    consumed += length;
                }

                buffer.AsSpan(consumed, buffered - consumed).CopyTo(buffer);
                buffered -= consumed;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
