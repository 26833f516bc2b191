using System.Net;
using System.Net.Sockets;
using Parley.Turn.Abuse;
using Parley.Turn.Stun;
using Parley.Turn.Transports;

namespace Parley.Turn.Allocations;

/// <summary>How a ChannelBind request fits the allocation's existing bindings. RFC 8656 §12.2.</summary>
internal enum ChannelBindOutcome
{
    Bound,
    NumberBoundToAnotherPeer,
    PeerBoundToAnotherNumber,
    CapacityExceeded,
}

/// <summary>
/// A TURN allocation: the relayed transport address(es) of one client 5-tuple, its lifetime, its
/// permissions and channel bindings. State changes happen under one lock; the relay path reads it under the
/// same lock, which allocates nothing. RFC 8656 §2.2 and §5.
/// </summary>
internal sealed partial class Allocation : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TransportAddress, Permission> _permissions = [];
    private readonly Dictionary<ushort, ChannelBinding> _channelsByNumber = [];
    private readonly Dictionary<TransportAddress, ChannelBinding> _channelsByPeer = [];
    private readonly TimeProvider _timeProvider;
    private readonly TurnMetrics _metrics;
    private readonly CancellationTokenSource _stopping = new();
    private readonly DateTimeOffset _deadline;
    private DateTimeOffset _expiresAt;

    public Allocation(
        FiveTuple fiveTuple,
        AllocationOwner owner,
        StunTransactionId transactionId,
        ClientConnection client,
        RelayEndpoint? relayIPv4,
        RelayEndpoint? relayIPv6,
        TimeProvider timeProvider,
        TimeSpan lifetime,
        TurnMetrics metrics,
        long maxBandwidth,
        TimeSpan? maxAge)
    {
        FiveTuple = fiveTuple;
        Username = owner.Username;
        Grant = owner.Grant;
        CredentialExpiresAt = owner.CredentialExpiresAt;
        TransactionId = transactionId;
        Client = client;
        RelayIPv4 = relayIPv4;
        RelayIPv6 = relayIPv6;
        _timeProvider = timeProvider;
        _metrics = metrics;
        DateTimeOffset now = timeProvider.GetUtcNow();
        // maxAge, a grant's limit on how long the allocation may exist in all, is its "maximum allowed lifetime"
        // (RFC 8656 §7.2, §8.2), also below the default lifetime: LIFETIME never promises more than it will get.
        _deadline = maxAge is { } age ? now + age : DateTimeOffset.MaxValue;
        _expiresAt = Earlier(now + lifetime, _deadline);
        _sendScratchIPv4 = relayIPv4 is null ? null : new SocketAddress(AddressFamily.InterNetwork);
        _sendScratchIPv6 = relayIPv6 is null ? null : new SocketAddress(AddressFamily.InterNetworkV6);
        _toPeers = maxBandwidth > 0 ? new BandwidthLimiter(maxBandwidth) : null;
        _toClient = maxBandwidth > 0 ? new BandwidthLimiter(maxBandwidth) : null;
    }

    public FiveTuple FiveTuple { get; }

    /// <summary>The user that created the allocation; later requests must come from the same user (441).</summary>
    public string Username { get; }

    /// <summary>Whom the credential was given to: quotas, limits and revocation go by it (see <see cref="Grants.TurnGrants"/>).</summary>
    public string Grant { get; }

    /// <summary>When the credential that created the allocation expires; null for a static user's, which never does.</summary>
    public DateTimeOffset? CredentialExpiresAt { get; }

    /// <summary>The Allocate transaction, so a retransmitted request is answered again rather than with 437.</summary>
    public StunTransactionId TransactionId { get; }

    public ClientConnection Client { get; }

    public RelayEndpoint? RelayIPv4 { get; }

    public RelayEndpoint? RelayIPv6 { get; }

    public CancellationToken Stopping => _stopping.Token;

    public RelayEndpoint? RelayFor(AddressFamily family) =>
        family == AddressFamily.InterNetwork ? RelayIPv4 : RelayIPv6;

    public bool IsExpired(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _expiresAt <= now;
        }
    }

    /// <summary>Seconds left, as sent in LIFETIME.</summary>
    public uint GetRemainingSeconds(DateTimeOffset now)
    {
        lock (_gate)
        {
            return (uint)Math.Max(0, Math.Ceiling((_expiresAt - now).TotalSeconds));
        }
    }

    /// <summary>Sets the time to expiry, never past the allocation's deadline; returns the seconds granted, as sent in LIFETIME.</summary>
    public uint Refresh(TimeSpan lifetime, DateTimeOffset now)
    {
        lock (_gate)
        {
            _expiresAt = Earlier(now + lifetime, _deadline);
            return (uint)Math.Ceiling((_expiresAt - now).TotalSeconds);
        }
    }

    /// <summary>
    /// Installs or refreshes permissions for all <paramref name="peers"/> (IP addresses, port ignored), or none
    /// of them when that would exceed <paramref name="maxPermissions"/>. RFC 8656 §9, §10.2.
    /// </summary>
    public bool TryInstallPermissions(ReadOnlySpan<TransportAddress> peers, DateTimeOffset now, int maxPermissions)
    {
        lock (_gate)
        {
            int added = 0;
            foreach (TransportAddress peer in peers)
            {
                added += _permissions.ContainsKey(peer.WithoutPort) ? 0 : 1;
            }

            if (_permissions.Count + added > maxPermissions)
            {
                return false;
            }

            foreach (TransportAddress peer in peers)
            {
                InstallPermissionLocked(peer, now);
            }

            return true;
        }
    }

    /// <summary>Creates or refreshes a channel binding and the permission it implies. RFC 8656 §12.2.</summary>
    public ChannelBindOutcome TryBindChannel(ushort number, TransportAddress peer, DateTimeOffset now, int maxChannels, int maxPermissions)
    {
        lock (_gate)
        {
            bool numberKnown = _channelsByNumber.TryGetValue(number, out ChannelBinding? byNumber);
            if (numberKnown && byNumber!.Peer != peer)
            {
                return ChannelBindOutcome.NumberBoundToAnotherPeer;
            }

            if (_channelsByPeer.TryGetValue(peer, out ChannelBinding? byPeer) && byPeer.Number != number)
            {
                return ChannelBindOutcome.PeerBoundToAnotherNumber;
            }

            bool newPermission = !_permissions.ContainsKey(peer.WithoutPort);
            if ((!numberKnown && _channelsByNumber.Count >= maxChannels) || (newPermission && _permissions.Count >= maxPermissions))
            {
                return ChannelBindOutcome.CapacityExceeded;
            }

            if (numberKnown)
            {
                byNumber!.ExpiresAt = now + ChannelBinding.Lifetime;
            }
            else
            {
                var binding = new ChannelBinding(number, peer, now + ChannelBinding.Lifetime);
                _channelsByNumber.Add(number, binding);
                _channelsByPeer.Add(peer, binding);
            }

            InstallPermissionLocked(peer, now);
            return ChannelBindOutcome.Bound;
        }
    }

    /// <summary>Drops expired permissions, and channel bindings once their 5-minute quarantine is over.</summary>
    public void RemoveExpired(DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (KeyValuePair<TransportAddress, Permission> permission in _permissions)
            {
                if (permission.Value.ExpiresAt <= now)
                {
                    _permissions.Remove(permission.Key);
                }
            }

            foreach (KeyValuePair<ushort, ChannelBinding> channel in _channelsByNumber)
            {
                if (channel.Value.ExpiresAt + ChannelBinding.Quarantine <= now)
                {
                    _channelsByNumber.Remove(channel.Key);
                    _channelsByPeer.Remove(channel.Value.Peer);
                }
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        RelayIPv4?.Dispose();
        RelayIPv6?.Dispose();
        _stopping.Dispose();
    }

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private void InstallPermissionLocked(TransportAddress peer, DateTimeOffset now)
    {
        TransportAddress key = peer.WithoutPort;
        if (_permissions.TryGetValue(key, out Permission? permission))
        {
            permission.ExpiresAt = now + Permission.Lifetime;
        }
        else
        {
            _permissions.Add(key, new Permission(key, now + Permission.Lifetime));
        }
    }
}
