using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Parley.Turn.Handlers;
using Parley.Turn.Stun;

namespace Parley.Turn.Allocations;

/// <summary>
/// One relayed transport address: a UDP socket towards peers and, on the portable path, its receive loop, whose buffer
/// has headroom in front of the payload, so a peer's datagram is framed as ChannelData or a Data indication in place.
/// RFC 8656 §2 "relayed transport address".
/// </summary>
internal sealed class RelayEndpoint : IDisposable
{
    /// <summary>Room for the largest header prepended to a peer's datagram (a Data indication to an IPv6 peer).</summary>
    public const int Headroom = DataIndication.MaxHeaderLength;

    /// <summary>Largest peer datagram relayed; bigger ones are dropped. WebRTC media stays far below.</summary>
    public const int MaxPayload = 16 * 1024;

    private readonly Socket _socket;
    private readonly RelayPortPool _pool;
    private readonly ILogger _logger;
    private readonly SocketAddress _from;
    private readonly int _port;
    private IDisposable? _registration;

    // DF for every datagram (asked for in the Allocate), and the state the socket is in now.
    private bool _alwaysDontFragment;
    private bool _dontFragment;

    public RelayEndpoint(Socket socket, IPAddress advertisedAddress, RelayPortPool pool, ILogger logger)
    {
        _socket = socket;
        _pool = pool;
        _logger = logger;
        Handle = socket.SafeHandle;
        _from = new SocketAddress(socket.AddressFamily);
        _port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        RelayedAddress = TransportAddress.FromIPEndPoint(new IPEndPoint(advertisedAddress, _port));
    }

    /// <summary>The address told to the client in XOR-RELAYED-ADDRESS.</summary>
    public TransportAddress RelayedAddress { get; }

    public AddressFamily Family => _socket.AddressFamily;

    /// <summary>The socket's descriptor, for a <see cref="Transports.RelayPoller"/>; kept from construction so it outlives Dispose.</summary>
    public SafeSocketHandle Handle { get; }

    /// <summary>A poller receives on this socket now; its registration ends before the socket closes.</summary>
    public void RegisteredWith(IDisposable registration) => _registration = registration;

    /// <summary>Whether the socket sends with the DF bit set now (read back from the socket).</summary>
    public bool DontFragment => Family == AddressFamily.InterNetwork && _socket.DontFragment;

    /// <summary>Sets the DF bit on relayed IPv4 datagrams when the client asked with DONT-FRAGMENT. RFC 8656 §7.2.</summary>
    public bool TrySetDontFragment()
    {
        _alwaysDontFragment = TryApplyDontFragment(true);
        return _alwaysDontFragment || Family != AddressFamily.InterNetwork;
    }

    /// <summary>
    /// Sends a client's payload to a peer, with the DF bit when <paramref name="dontFragment"/> (a Send indication's
    /// DONT-FRAGMENT, RFC 8656 §11.2) or the Allocate asked for it. The socket option is only changed when the wanted
    /// state differs from the last datagram's, so a stream of alike datagrams costs no extra call. Best effort, like
    /// UDP itself: errors are logged and dropped.
    /// </summary>
    public void SendToPeer(ReadOnlySpan<byte> payload, SocketAddress peer, bool dontFragment = false)
    {
        bool wanted = dontFragment || _alwaysDontFragment;
        if (wanted != _dontFragment && Family == AddressFamily.InterNetwork)
        {
            TryApplyDontFragment(wanted);
        }

        try
        {
            _socket.SendTo(payload, SocketFlags.None, peer);
        }
        catch (SocketException e)
        {
            _logger.SocketOperationFailed("Send to peer", e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // The allocation was deleted while the client's datagram was in flight.
        }
    }

    /// <summary>
    /// Receives peers' datagrams until the socket is closed, handing each to <paramref name="owner"/>: the portable
    /// loop, for TLS clients and where no <see cref="Transports.RelayPoller"/> runs.
    /// </summary>
    public async Task RunAsync(Allocation owner, CancellationToken cancellationToken)
    {
        // Allocated by the loop, not with the endpoint: a socket a poller serves never needs it, and the pages it
        // touched were about 4 KiB of RSS per idle allocation (bench/turn --idle). A little slack after the payload
        // for the padding of a stream frame (RFC 8656 §12.5).
        byte[] buffer = GC.AllocateUninitializedArray<byte>(Headroom + MaxPayload + 4, pinned: true);

        // One byte more than the largest payload: Linux cuts an oversized datagram to the buffer without a word (it
        // reports the cut only to recvmsg), so a full area is how a datagram too big to relay shows itself.
        Memory<byte> payloadArea = buffer.AsMemory(Headroom, MaxPayload + 1);
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _socket.ReceiveFromAsync(payloadArea, SocketFlags.None, _from, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP errors reported on the socket (ConnectionReset) and oversized datagrams (MessageSize).
                _logger.SocketOperationFailed("Relay receive", e.SocketErrorCode);
                continue;
            }

            if (received > MaxPayload)
            {
                _logger.SocketOperationFailed("Relay receive", SocketError.MessageSize);
                continue;
            }

            try
            {
                await owner.ForwardFromPeerAsync(buffer, received, _from, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The client's TCP connection closed under us; the allocation is being deleted.
                return;
            }
        }
    }

    private bool TryApplyDontFragment(bool on)
    {
        if (Family != AddressFamily.InterNetwork)
        {
            return false;
        }

        try
        {
            _socket.DontFragment = on;
            _dontFragment = on;
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _registration?.Dispose();
        _socket.Dispose();
        _pool.Release(Family, _port);
    }
}
