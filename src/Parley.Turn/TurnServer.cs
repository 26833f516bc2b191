using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Turn.Allocations;
using Parley.Turn.Grants;
using Parley.Turn.Handlers;
using Parley.Turn.Stun;
using Parley.Turn.Transports;

namespace Parley.Turn;

/// <summary>
/// The embedded STUN (RFC 8489) and TURN (RFC 8656) server: UDP and TCP listeners, long-term credentials with
/// a stateless nonce, and UDP relays. Start it with <see cref="StartAsync"/>; <see cref="UdpEndPoints"/> and
/// <see cref="TcpEndPoints"/> then hold the bound addresses (useful with port 0).
/// </summary>
public sealed class TurnServer : IAsyncDisposable
{
    private readonly TurnServerOptions _options;
    private readonly ILogger _logger;
    private readonly TurnServerContext _context;
    private readonly List<UdpListenerGroup> _udpListeners = [];
    private readonly List<TurnTcpListener> _tcpListeners = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _state; // 0 new, 1 started, 2 stopped

    /// <summary>Validates <paramref name="options"/> (throwing <see cref="ArgumentException"/> listing every problem) and prepares the server.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="loggerFactory">Where logs go; none when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="meterFactory">Creates the <c>Parley.Turn</c> meter (see <see cref="MeterName"/>); a meter of its own when null.</param>
    /// <param name="grantPolicy">The host's limits per grant (see <see cref="ITurnGrantPolicy"/>); every grant gets the options' when null.</param>
    public TurnServer(TurnServerOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null, ITurnGrantPolicy? grantPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid TURN server options:" + Environment.NewLine + string.Join(Environment.NewLine, errors), nameof(options));
        }

        _options = options.Clone();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<TurnServer>();
        _context = new TurnServerContext(_options, timeProvider ?? TimeProvider.System, _logger, meterFactory, grantPolicy);
        Router = new TurnPacketRouter(_context);
    }

    /// <summary>The name of the meter with the server's allocation, relay and refusal counters.</summary>
    public const string MeterName = TurnMetrics.MeterName;

    /// <summary>The bound UDP endpoints, available after <see cref="StartAsync"/>.</summary>
    public IReadOnlyList<IPEndPoint> UdpEndPoints => [.. _udpListeners.Select(l => l.LocalEndPoint)];

    /// <summary>The bound TCP endpoints, available after <see cref="StartAsync"/>.</summary>
    public IReadOnlyList<IPEndPoint> TcpEndPoints => [.. _tcpListeners.Select(l => l.LocalEndPoint)];

    /// <summary>Revocation and confirmation of credentials by grant, and what the host should verify (see <see cref="TurnGrants"/>).</summary>
    public TurnGrants Grants => _context.Grants;

    internal TurnPacketRouter Router { get; }

    internal TurnServerContext Context => _context;

    internal AllocationTable Allocations => _context.Allocations;

    /// <summary>Binds every listener (a bind failure stops the ones already started and throws) and starts serving.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The TURN server can be started once.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        IEnumerable<IPAddress> addresses = _options.ListenAddresses.Count == 0
            ? [IPAddress.Any]
            : _options.ListenAddresses.Select(IPAddress.Parse);
        try
        {
            foreach (IPAddress address in addresses)
            {
                if (_options.EnableUdp)
                {
                    var udp = UdpListenerGroup.Bind(new IPEndPoint(address, _options.UdpPort), _options.ResolveUdpListenerThreads(),
                        _options.UdpReceiveBufferBytes, _context.BatchedIo, Router, _logger);
                    _udpListeners.Add(udp);
                    udp.Start();
                    _logger.Listening("UDP", udp.LocalEndPoint);
                }

                if (_options.EnableTcp)
                {
                    var tcp = new TurnTcpListener(new IPEndPoint(address, _options.TcpPort), Router, _context, _logger);
                    _tcpListeners.Add(tcp);
                    tcp.Start();
                    _logger.Listening("TCP", tcp.LocalEndPoint);
                }
            }
        }
        catch
        {
            await StopListenersAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Serves one stream connection accepted elsewhere (TURN over TLS on a port shared with HTTPS, RFC 8656 §3.1)
    /// until the client closes it, sends something that is not STUN or ChannelData, holds no allocation for
    /// <see cref="TurnServerOptions.TcpAllocationTimeout"/>, or the server stops. It counts against the same limits as
    /// plain TCP connections, and returns at once when they are reached. The connection's allocation is deleted when
    /// it ends; the stream is disposed.
    /// </summary>
    public async Task ServeStreamAsync(Stream stream, IPEndPoint remote, IPEndPoint local, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(local);
        if (Volatile.Read(ref _state) != 1)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("The TURN server is not running.");
        }

        var fiveTuple = new FiveTuple(TransportProtocol.Tcp, TransportAddress.FromIPEndPoint(Unmapped(remote)), TransportAddress.FromIPEndPoint(Unmapped(local)));
        using StreamLease? lease = _context.Streams.TryAdmit(fiveTuple);
        if (lease is null)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            return;
        }

        using var serving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var connection = new StreamClientConnection(stream, fiveTuple, Router, _logger);
        lease.Attach(connection.Close);
        await connection.RunAsync(serving.Token).ConfigureAwait(false);
    }

    /// <summary>Closes the listeners and deletes every allocation. Safe to call more than once.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            // A cancelled token (the host's shutdown timeout) stops waiting for the listener loops to finish.
            await StopListenersAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _context.Dispose();
            _stopping.Dispose();
            _logger.Stopped();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    // A dual-mode socket reports IPv4 clients as ::ffff:a.b.c.d; XOR-MAPPED-ADDRESS must carry the IPv4 address.
    private static IPEndPoint Unmapped(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    private async Task StopListenersAsync()
    {
        foreach (UdpListenerGroup udp in _udpListeners)
        {
            await udp.DisposeAsync().ConfigureAwait(false);
        }

        foreach (TurnTcpListener tcp in _tcpListeners)
        {
            await tcp.DisposeAsync().ConfigureAwait(false);
        }
    }
}
