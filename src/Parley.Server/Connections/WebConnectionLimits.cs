using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using Parley.Signaling.Abuse;

namespace Parley.Server.Connections;

/// <summary>
/// The web listeners' connections per client address (IPv4 address or IPv6 /64): at most
/// <see cref="ConnectionLimitsOptions.MaxPerAddress"/> open, of which <see cref="ConnectionLimitsOptions.MaxIdlePerAddress"/>
/// still idle (no first bytes yet, or no TLS handshake). One address cannot hold the descriptors everyone else needs.
/// </summary>
internal sealed partial class WebConnectionLimits
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ClientAddress, AddressCounts> _addresses = [];
    private readonly ConnectionLimitsOptions _options;
    private readonly ConnectionMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _open;
    private int _idle;

    public WebConnectionLimits(IOptions<ConnectionLimitsOptions> options, ConnectionMetrics metrics, TimeProvider time, ILogger<WebConnectionLimits> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        metrics.ObserveConnections(Counts);
    }

    /// <summary>
    /// Admits <paramref name="connection"/> under its deadlines (<paramref name="tls"/>: Parley's TLS comes first), or
    /// refuses it (counted and logged; the caller closes it).
    /// </summary>
    public GuardedConnection? TryAdmit(ConnectionContext connection, bool tls)
    {
        var remote = connection.RemoteEndPoint as IPEndPoint;
        var address = ClientAddress.From(remote?.Address);
        string limit;
        bool firstRefusal;
        lock (_gate)
        {
            var counts = _addresses.GetValueOrDefault(address) ?? new AddressCounts();
            if (counts.Open < _options.MaxPerAddress && counts.Idle < _options.MaxIdlePerAddress)
            {
                _addresses[address] = counts;
                counts.Open++;
                counts.Idle++;
                _open++;
                _idle++;
                return new GuardedConnection(this, address, connection, tls, _options, _time);
            }

            limit = counts.Open >= _options.MaxPerAddress ? "address_limit" : "idle_address_limit";
            firstRefusal = !counts.Refusing;
            counts.Refusing = true;
        }

        _metrics.Refused(limit);
        if (firstRefusal)
        {
            // Once per address until it holds no connection again: a flood is one line, not one per connection.
            LogAddressRefused(_logger, remote?.Address, limit, _options.MaxPerAddress, _options.MaxIdlePerAddress);
        }

        LogRefused(_logger, connection.RemoteEndPoint, limit);
        return null;
    }

    /// <summary>Connections open now, and how many of them are still idle.</summary>
    public (int Open, int Idle) Counts()
    {
        lock (_gate)
        {
            return (_open, _idle);
        }
    }

    internal void Activated(ClientAddress address)
    {
        lock (_gate)
        {
            _addresses[address].Idle--;
            _idle--;
        }
    }

    internal void Released(ClientAddress address, bool idle)
    {
        lock (_gate)
        {
            var counts = _addresses[address];
            counts.Open--;
            _open--;
            if (idle)
            {
                counts.Idle--;
                _idle--;
            }

            if (counts.Open == 0)
            {
                _addresses.Remove(address);
            }
        }
    }

    internal void TimedOut(string stage, EndPoint? remote, TimeSpan timeout)
    {
        _metrics.TimedOut(stage);
        LogTimedOut(_logger, remote, stage, timeout.TotalSeconds);
    }

    [LoggerMessage(90, LogLevel.Warning, "Refusing connections from {Address} ({Limit}: {PerAddress} per address, {IdlePerAddress} of them idle); logged again once it holds none", EventName = "ConnectionsFromAddressRefused")]
    private static partial void LogAddressRefused(ILogger logger, IPAddress? address, string limit, int perAddress, int idlePerAddress);

    [LoggerMessage(91, LogLevel.Debug, "Refused a connection from {Remote}: {Limit}", EventName = "ConnectionRefused")]
    private static partial void LogRefused(ILogger logger, EndPoint? remote, string limit);

    [LoggerMessage(92, LogLevel.Debug, "Closed the connection from {Remote}: no {Stage} within {Seconds} s", EventName = "ConnectionTimedOut")]
    private static partial void LogTimedOut(ILogger logger, EndPoint? remote, string stage, double seconds);

    private sealed class AddressCounts
    {
        public int Open { get; set; }

        public int Idle { get; set; }

        /// <summary>Connections from this address have been refused since it last held none.</summary>
        public bool Refusing { get; set; }
    }
}
