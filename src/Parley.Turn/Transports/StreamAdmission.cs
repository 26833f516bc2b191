using Microsoft.Extensions.Logging;
using Parley.Turn.Allocations;

namespace Parley.Turn.Transports;

/// <summary>
/// One budget for TURN's stream connections, plain TCP and TLS handed over by the host alike: at most
/// <see cref="TurnServerOptions.MaxTcpConnections"/> in all, and per client address (IPv4 address or IPv6 /64) at most
/// <see cref="TurnServerOptions.MaxTcpConnectionsPerAddress"/>, of which <see cref="TurnServerOptions.MaxIdleTcpConnectionsPerAddress"/>
/// without an allocation. A connection without an allocation for <see cref="TurnServerOptions.TcpAllocationTimeout"/>
/// is closed, so a client that says nothing, or only STUN, holds a descriptor for seconds, not for ever.
/// </summary>
internal sealed class StreamAdmission : IDisposable
{
    private const string TotalLimit = "total_limit";
    private const string AddressLimit = "address_limit";
    private const string IdleAddressLimit = "idle_address_limit";

    private readonly Lock _gate = new();
    private readonly HashSet<StreamLease> _open = [];
    private readonly Dictionary<ClientAddressKey, AddressCounts> _addresses = [];
    private readonly TurnServerOptions _options;
    private readonly AllocationTable _allocations;
    private readonly TimeProvider _time;
    private readonly TurnMetrics _metrics;
    private readonly ILogger _logger;
    private readonly ITimer _sweep;
    private int _idle;
    private bool _refusingForTotal;

    public StreamAdmission(TurnServerOptions options, AllocationTable allocations, TimeProvider time, TurnMetrics metrics, ILogger logger)
    {
        _options = options;
        _allocations = allocations;
        _time = time;
        _metrics = metrics;
        _logger = logger;

        // Checked four times per timeout: a silent connection goes between 1 and 1.25 timeouts after it came.
        TimeSpan period = options.TcpAllocationTimeout / 4 < TimeSpan.FromSeconds(1) ? options.TcpAllocationTimeout / 4 : TimeSpan.FromSeconds(1);
        _sweep = time.CreateTimer(_ => Sweep(), null, period, period);
        metrics.ObserveStreamConnections(Counts);
    }

    /// <summary>
    /// Takes a place for a new connection from <paramref name="fiveTuple"/>, or refuses it (counted and logged; the
    /// caller closes it). The lease gives the place back when disposed.
    /// </summary>
    public StreamLease? TryAdmit(in FiveTuple fiveTuple)
    {
        ClientAddressKey address = ClientAddressKey.Of(fiveTuple.Client);
        string? refusal;
        bool firstOfItsKind;
        lock (_gate)
        {
            if (!_addresses.TryGetValue(address, out AddressCounts? counts))
            {
                counts = new AddressCounts();
            }

            refusal = _open.Count >= _options.MaxTcpConnections ? TotalLimit
                : counts.Open >= _options.MaxTcpConnectionsPerAddress ? AddressLimit
                : counts.Idle >= _options.MaxIdleTcpConnectionsPerAddress ? IdleAddressLimit
                : null;
            if (refusal is null)
            {
                var lease = new StreamLease(this, fiveTuple, address, _time.GetTimestamp());
                _open.Add(lease);
                _addresses[address] = counts;
                counts.Open++;
                counts.Idle++;
                _idle++;
                return lease;
            }

            // A flood is logged when it starts, not per connection: once per address until it holds no connection
            // again, once for the total until the count has fallen a tenth below the limit.
            bool total = refusal == TotalLimit;
            firstOfItsKind = total ? !_refusingForTotal : !counts.Refusing;
            _refusingForTotal |= total;
            counts.Refusing |= !total;
        }

        _metrics.StreamRefused(refusal);
        if (firstOfItsKind && refusal == TotalLimit)
        {
            _logger.TcpConnectionLimitReached(_options.MaxTcpConnections);
        }
        else if (firstOfItsKind)
        {
            _logger.TcpConnectionsFromAddressRefused(fiveTuple.Client.ToIPAddress(), refusal, _options.MaxTcpConnectionsPerAddress, _options.MaxIdleTcpConnectionsPerAddress);
        }

        _logger.TcpConnectionRefused(fiveTuple, refusal);
        return null;
    }

    public void Dispose() => _sweep.Dispose();

    internal void Release(StreamLease lease)
    {
        lock (_gate)
        {
            if (!_open.Remove(lease))
            {
                return;
            }

            AddressCounts counts = _addresses[lease.Address];
            counts.Open--;
            if (lease.IdleSince is not null)
            {
                counts.Idle--;
                _idle--;
            }

            if (counts.Open == 0)
            {
                _addresses.Remove(lease.Address);
            }

            _refusingForTotal &= _open.Count >= _options.MaxTcpConnections * 9 / 10;
        }
    }

    /// <summary>Marks connections that gained or lost an allocation, and closes those idle for too long.</summary>
    private void Sweep()
    {
        StreamLease[] leases;
        lock (_gate)
        {
            leases = [.. _open];
        }

        long now = _time.GetTimestamp();
        foreach (StreamLease lease in leases)
        {
            bool allocated = _allocations.TryGet(lease.FiveTuple, out _);
            long? idleSince;
            lock (_gate)
            {
                if (!_open.Contains(lease))
                {
                    continue;
                }

                if (allocated != (lease.IdleSince is null))
                {
                    lease.IdleSince = allocated ? null : now;
                    int change = allocated ? -1 : 1;
                    _addresses[lease.Address].Idle += change;
                    _idle += change;
                }

                idleSince = lease.IdleSince;
            }

            if (idleSince is { } since && _time.GetElapsedTime(since, now) >= _options.TcpAllocationTimeout
                && lease.Close($"no allocation within {_options.TcpAllocationTimeout.TotalSeconds:0.#} s"))
            {
                _metrics.StreamClosedWithoutAllocation();
            }
        }
    }

    /// <summary>Stream connections open now, and how many of them hold no allocation.</summary>
    public (int Open, int Idle) Counts()
    {
        lock (_gate)
        {
            return (_open.Count, _idle);
        }
    }

    private sealed class AddressCounts
    {
        public int Open { get; set; }

        public int Idle { get; set; }

        /// <summary>Connections from this address have been refused since it last held none.</summary>
        public bool Refusing { get; set; }
    }
}
