using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Tests.TestUtils;
using Parley.Server.Turn;
using Parley.Signaling.Contracts;
using Parley.Turn.Auth;
using Parley.Turn.Grants;

namespace Parley.Server.Tests;

/// <summary>
/// TURN credentials belong to people in a call: a seat's credential relays while the seat is held, and not a moment
/// after; anyone else gets STUN, or a relay-test credential that allows little. Real host, real TURN over UDP.
/// </summary>
public sealed class SeatRelayTests(SeatRelayTests.Server server) : IClassFixture<SeatRelayTests.Server>
{
    /// <summary>The issue's bound: a gone seat's relays are released within this.</summary>
    private static readonly TimeSpan ReleaseBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AnonymousIceServers_ListStunOnly_WithoutATurnCredential()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var response = await http.GetFromJsonAsync<IceServersResponse>(new Uri("/api/ice-servers", UriKind.Relative));

        Assert.NotNull(response);
        var urls = response.IceServers.SelectMany(s => s.Urls).ToList();
        Assert.True(urls.All(u => u.StartsWith("stun:", StringComparison.Ordinal)), $"GET /api/ice-servers offers more than STUN to anyone: [{string.Join(", ", urls)}]");
        Assert.Contains($"stun:127.0.0.1:{server.Turn.UdpPort}", urls);
        Assert.All(response.IceServers, s => Assert.True(s.Username is null && s.Credential is null, $"A credential for anyone: {s.Username}"));
    }

    [Fact]
    public async Task SeatCredential_RelaysWhileSeated_AndIsRefusedAfterLeave_ItsRelayReleased()
    {
        await using var alice = await TestPeer.ConnectAsync(server.BaseAddress);
        var join = await alice.JoinOkAsync(TestRooms.Unique(), "Alice");
        using var relay = TurnSeatClient.For(join.IceServers, server.Turn.UdpPort!.Value);

        Assert.Equal("seat." + join.PeerId, relay.Grant);
        Assert.Equal(0, await relay.AllocateAsync());
        Assert.Equal(0, await relay.CreatePermissionAsync());

        Assert.Null((await alice.LeaveAsync()).Error);

        await Eventually.HoldsAsync(() => !GrantsInUse(server).Contains(relay.Grant), "the relay of the seat that left to be released", ReleaseBound);
        Assert.Equal(403, await relay.RefreshAsync());
        Assert.Equal(403, await relay.CreatePermissionAsync());
        using var again = TurnSeatClient.For(join.IceServers, server.Turn.UdpPort!.Value);
        Assert.Equal(403, await again.AllocateAsync());
    }

    [Fact]
    public async Task SeatCredential_IsRefused_OnceTheGracePeriodIsOver()
    {
        var alice = await TestPeer.ConnectAsync(server.BaseAddress);
        var join = await alice.JoinOkAsync(TestRooms.Unique(), "Alice");
        using var relay = TurnSeatClient.For(join.IceServers, server.Turn.UdpPort!.Value);
        Assert.Equal(0, await relay.AllocateAsync());

        // Gone without Leave: the seat is held for the grace period (1 s here), then freed.
        await alice.DisposeAsync();

        await Eventually.HoldsAsync(() => !GrantsInUse(server).Contains(relay.Grant), "the relay of the seat whose grace period ended to be released", ReleaseBound);
        using var again = TurnSeatClient.For(join.IceServers, server.Turn.UdpPort!.Value);
        Assert.Equal(403, await again.AllocateAsync());
    }

    [Fact]
    public async Task SeatCredential_OfACallLongerThanIt_KeepsItsRelay()
    {
        await using var alice = await TestPeer.ConnectAsync(server.BaseAddress);
        var join = await alice.JoinOkAsync(TestRooms.Unique(), "Alice");
        using var relay = TurnSeatClient.For(join.IceServers, server.Turn.UdpPort!.Value);
        Assert.Equal(0, await relay.AllocateAsync());
        var expiry = CredentialExpiry(join.IceServers);

        // The subject is the credential's expiry (10 s here), which the real TURN server reads from the wall clock: the
        // call goes on past it, checked as soon as it has passed.
        await Eventually.HoldsAsync(() => DateTimeOffset.UtcNow > expiry, "the seat's credential to expire", TimeSpan.FromSeconds(30));

        Assert.Contains(relay.Grant, GrantsInUse(server));
        Assert.Equal(0, await relay.RefreshAsync());
        Assert.Equal(0, await relay.CreatePermissionAsync());
    }

    [Fact]
    public async Task RenewedIceServers_ArriveBeforeTheSeatsCredentialExpires()
    {
        await using var alice = await TestPeer.ConnectAsync(server.BaseAddress);
        var renewed = new TaskCompletionSource<(IceServersResponse Servers, DateTimeOffset At)>(TaskCreationOptions.RunContinuationsAsynchronously);
        alice.Client.IceServersRenewed += (_, servers) => renewed.TrySetResult((servers, DateTimeOffset.UtcNow));
        var join = await alice.JoinOkAsync(TestRooms.Unique(), "Alice");
        var expiry = CredentialExpiry(join.IceServers);

        var (servers, at) = await renewed.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(at < expiry, $"The renewal came at {at:O}, after the credential expired at {expiry:O}");
        Assert.True(CredentialExpiry(servers.IceServers) > expiry, "The renewed credential expires no later than the first");
        using var relay = TurnSeatClient.For(servers.IceServers, server.Turn.UdpPort!.Value);
        Assert.Equal("seat." + join.PeerId, relay.Grant);
        Assert.Equal(0, await relay.AllocateAsync());
    }

    [Fact]
    public async Task OneSeat_HoldsARelayPerPeerConnectionAndTurnUrl_InARoomOfEight()
    {
        await using var alice = await TestPeer.ConnectAsync(server.BaseAddress);
        var join = await alice.JoinOkAsync(TestRooms.Unique(), "Alice");
        // 7 others in a room of 8, each reached over UDP, TCP and TLS (this server lists two of them; a browser may try all).
        const int PeerConnections = 7, TurnUrls = 3;

        var relays = Enumerable.Range(0, PeerConnections * TurnUrls).Select(_ => TurnSeatClient.For(join.IceServers, server.Turn.UdpPort!.Value)).ToList();
        try
        {
            var answers = await Task.WhenAll(relays.Select(r => r.AllocateAsync()));

            Assert.All(answers, code => Assert.Equal(0, code));
        }
        finally
        {
            relays.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task ProbeCredential_RelaysTwiceAtMost_AndForTwoMinutesAtMost()
    {
        using var http = HttpFrom("127.0.0.2");

        var probe = await http.GetFromJsonAsync<IceServersResponse>(new Uri("/api/ice-servers/probe", UriKind.Relative));

        Assert.NotNull(probe);
        var turn = Assert.Single(probe.IceServers, s => s.Username is not null);
        Assert.Equal([$"turn:127.0.0.1:{server.Turn.UdpPort}?transport=udp"], turn.Urls);
        Assert.StartsWith("probe.", TurnRestCredentials.GetGrant(turn.Username!), StringComparison.Ordinal);
        Assert.InRange(CredentialExpiry(probe.IceServers), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(2).AddSeconds(1));
        using var caller = TurnSeatClient.For(probe.IceServers, server.Turn.UdpPort!.Value);
        using var callee = TurnSeatClient.For(probe.IceServers, server.Turn.UdpPort!.Value);
        using var third = TurnSeatClient.For(probe.IceServers, server.Turn.UdpPort!.Value);
        Assert.Equal(0, await caller.AllocateAsync());
        Assert.Equal(0, await callee.AllocateAsync());
        Assert.Equal(486, await third.AllocateAsync());
    }

    [Fact]
    public void ProbeGrants_AreCappedInRelaysAgeAndBandwidth_OtherGrantsKeepTheDefaults()
    {
        var policy = new DiagnosticProbe(bandwidth: 125_000);
        var defaults = new TurnGrantLimits(48, 1_250_000);

        Assert.Equal(new TurnGrantLimits(2, 125_000, TimeSpan.FromMinutes(2)), policy.GetLimits(DiagnosticProbe.NewGrant(), defaults));
        Assert.Equal(new TurnGrantLimits(2, 125_000, TimeSpan.FromMinutes(2)), policy.GetLimits(DiagnosticProbe.NewGrant(), defaults with { MaxAllocationBandwidth = 0 }));
        Assert.Equal(defaults, policy.GetLimits("seat.abc", defaults));
    }

    [Fact]
    public async Task ProbeCredentials_AreLimitedPerClientAddress()
    {
        using var http = HttpFrom("127.0.0.3");
        using var other = HttpFrom("127.0.0.4");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Server.ProbesPerMinute + 1; i++)
        {
            using var response = await http.GetAsync(new Uri("/api/ice-servers/probe", UriKind.Relative));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, Server.ProbesPerMinute), HttpStatusCode.TooManyRequests], statuses);
        using var elsewhere = await other.GetAsync(new Uri("/api/ice-servers/probe", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    internal static IReadOnlyList<string> GrantsInUse(ParleyServer node) =>
        node.Services.GetRequiredService<EmbeddedTurn>().Server!.Grants.GetGrantsInUse();

    private static DateTimeOffset CredentialExpiry(IReadOnlyList<IceServer> servers)
    {
        var username = servers.Single(s => s.Username is not null).Username!;
        Assert.True(TurnRestCredentials.TryGetExpiry(username, out var expiry), $"'{username}' has no expiry");
        return expiry;
    }

    /// <summary>An HTTP client whose connections come from <paramref name="localAddress"/>: another client address on loopback.</summary>
    private HttpClient HttpFrom(string localAddress) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = server.BaseAddress };

    /// <summary>Short times, so that grace periods, checks and credential lifetimes pass within a test.</summary>
    public sealed class Server() : ParleyServer(
        "--Signaling:ReconnectGracePeriod", "00:00:01",
        "--Turn:CredentialLifetime", "00:00:10",
        "--Turn:SeatCheckInterval", "00:00:01",
        "--Turn:ProbeRequestsPerMinute", "5")
    {
        public const int ProbesPerMinute = 5;
    }
}
