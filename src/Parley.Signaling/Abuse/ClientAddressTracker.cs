using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Parley.Signaling.Abuse;

/// <summary>
/// Counts connections per client address and in total, and holds each address's rate limits. An address's
/// state outlives its connections until its buckets have refilled, so reconnecting does not reset a limit.
/// </summary>
public sealed class ClientAddressTracker(IOptions<AbuseOptions> options, TimeProvider time)
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    private readonly AbuseOptions _options = options.Value;
    private readonly TimeProvider _time = time;
    private readonly ConcurrentDictionary<ClientAddress, AddressState> _addresses = new();
    private int _connections;
    private long _sweptAt;

    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>A cheap early answer for the HTTP upgrade; <see cref="TryConnect"/> makes the binding decision.</summary>
    public bool HasRoomFor(ClientAddress address) =>
        ConnectionCount < _options.MaxConnections
        && (!_addresses.TryGetValue(address, out var state) || state.Connections < _options.MaxConnectionsPerAddress);

    public AddressState? TryConnect(ClientAddress address)
    {
        if (Interlocked.Increment(ref _connections) > _options.MaxConnections)
        {
            Interlocked.Decrement(ref _connections);
            return null;
        }

        while (true)
        {
            var state = _addresses.GetOrAdd(address, static (_, self) => new AddressState(self._options, self._time), this);
            lock (state)
            {
                if (state.IsForgotten)
                {
                    continue;
                }

                if (state.Connections >= _options.MaxConnectionsPerAddress)
                {
                    Interlocked.Decrement(ref _connections);
                    return null;
                }

                state.Connections++;
                return state;
            }
        }
    }

    public void Disconnect(AddressState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (state)
        {
            state.Connections--;
        }

        Interlocked.Decrement(ref _connections);
        SweepIfDue();
    }

    private void SweepIfDue()
    {
        var sweptAt = Volatile.Read(ref _sweptAt);
        if (_time.GetElapsedTime(sweptAt) < SweepInterval
            || Interlocked.CompareExchange(ref _sweptAt, _time.GetTimestamp(), sweptAt) != sweptAt)
        {
            return;
        }

        foreach (var (address, state) in _addresses)
        {
            lock (state)
            {
                if (state.Connections == 0 && state.Joins.IsFull && state.Data.IsFull)
                {
                    state.IsForgotten = true;
                    _addresses.TryRemove(new KeyValuePair<ClientAddress, AddressState>(address, state));
                }
            }
        }
    }

    /// <summary>One client address: its live connections and its shared rate limits.</summary>
    public sealed class AddressState(AbuseOptions options, TimeProvider time)
    {
        public int Connections { get; set; }

        public bool IsForgotten { get; set; }

        public TokenBucket Joins { get; } = new(options.JoinsPerAddress, time);

        public TokenBucket Data { get; } = new(options.DataPerAddress, time);
    }
}
