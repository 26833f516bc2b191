using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging;
using Parley.Turn.Abuse;
using Parley.Turn.Allocations;
using Parley.Turn.Auth;
using Parley.Turn.Grants;
using Parley.Turn.Native;
using Parley.Turn.Stun;
using Parley.Turn.Transports;

namespace Parley.Turn;

/// <summary>The shared state handlers and transports work with, built once from validated options.</summary>
internal sealed class TurnServerContext : IDisposable
{
    public TurnServerContext(TurnServerOptions options, TimeProvider timeProvider, ILogger logger, IMeterFactory? meterFactory, ITurnGrantPolicy? grantPolicy)
    {
        Options = options;
        TimeProvider = timeProvider;
        Logger = logger;
        Allocations = new AllocationTable(timeProvider, logger,
            new AllocationQuotas(options.MaxAllocations, options.MaxAllocationsPerClientAddress), GrantStates);
        Grants = new TurnGrants(GrantStates, Allocations, grantPolicy,
            new TurnGrantLimits(options.MaxAllocationsPerUser, options.MaxAllocationBandwidth), timeProvider, logger);
        Metrics = new TurnMetrics(meterFactory, Allocations);
        Refusals = new Refusals(Metrics, logger, timeProvider);
        Credentials = new CredentialStore(options, timeProvider, GrantStates);
        Nonces = new StatelessNonce(timeProvider, options.NonceLifetime);
        UnauthenticatedResponses = new UnauthenticatedResponseLimiter(
            timeProvider, options.UnauthenticatedResponsesPerSecond, options.UnauthenticatedResponseBurst);
        Ports = new RelayPortPool(options.RelayPortMin, options.RelayPortMax, options.RelayReceiveBufferBytes);
        BatchedIo = options.IoPath == IoPath.Batched && LinuxSocketCalls.IsSupported;
        RelayPollers = new RelayPollers(logger, BatchedIo);
        RelayIPv4 = options.ResolveRelayIPv4Address();
        RelayIPv4Advertised = options.RelayPublicAddress is null ? RelayIPv4 : IPAddress.Parse(options.RelayPublicAddress);
        RelayIPv6 = options.RelayIPv6Address is null ? null : IPAddress.Parse(options.RelayIPv6Address);
        OwnAddresses = new OwnAddresses(options.ListenAddresses.Select(IPAddress.Parse)
            .Concat(new[] { RelayIPv4, RelayIPv4Advertised, RelayIPv6 }.OfType<IPAddress>()));
        PeerFilter = new PeerAddressFilter(options.AllowedPeerAddresses, options.DeniedPeerAddresses, OwnAddresses, Ports.IsRelayPort);
        Streams = new StreamAdmission(options, Allocations, timeProvider, Metrics, logger);
    }

    public TurnServerOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    public AllocationTable Allocations { get; }

    public TurnMetrics Metrics { get; }

    public TurnGrants Grants { get; }

    /// <summary>What the host has said about grants: confirmed, revoked, awaiting verification.</summary>
    public GrantStates GrantStates { get; } = new();

    public Refusals Refusals { get; }

    /// <summary>Exact exceptions to the peer filter, for the server's own self-test only (see <see cref="TurnSelfTest"/>).</summary>
    public PeerExemptions PeerExemptions { get; } = new();

    public CredentialStore Credentials { get; }

    public StatelessNonce Nonces { get; }

    public UnauthenticatedResponseLimiter UnauthenticatedResponses { get; }

    public PeerAddressFilter PeerFilter { get; }

    /// <summary>The addresses that reach this node itself, which the peer filter guards.</summary>
    public OwnAddresses OwnAddresses { get; }

    /// <summary>The budget of TCP and TLS client connections, whichever way they arrive.</summary>
    public StreamAdmission Streams { get; }

    public RelayPortPool Ports { get; }

    /// <summary>Whether the batched Linux calls serve the listeners, relay sockets and TCP clients (see <see cref="IoPath"/>).</summary>
    public bool BatchedIo { get; }

    /// <summary>Where allocations' relay sockets are received on.</summary>
    public RelayPollers RelayPollers { get; }

    /// <summary>Where IPv4 relay sockets bind; null when IPv4 relays are off.</summary>
    public IPAddress? RelayIPv4 { get; }

    /// <summary>The IPv4 address put in XOR-RELAYED-ADDRESS.</summary>
    public IPAddress? RelayIPv4Advertised { get; }

    public IPAddress? RelayIPv6 { get; }

    /// <summary>The highest channel number accepted: 0x4FFF (RFC 8656 §12), or 0x7FFE with the RFC 5766 option.</summary>
    public ushort MaximumChannel => Options.AllowRfc5766ChannelNumbers ? ChannelData.Rfc5766MaximumChannel : ChannelData.MaximumChannel;

    public void Dispose()
    {
        Streams.Dispose();
        Allocations.Dispose();
        RelayPollers.Dispose();
        Metrics.Dispose();
        OwnAddresses.Dispose();
    }
}
