using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Parley.Signaling.Contracts;
using Parley.Turn.Auth;

namespace Parley.Signaling.Tests;

/// <summary>
/// An external TURN server (<c>Ice:Servers</c> with a shared secret) cannot revoke a credential, so a seat's is
/// short-lived and renewed over the signaling connection while the seat is held. On a fake clock.
/// </summary>
public sealed class IceServerRenewalTests : IAsyncLifetime
{
    private const string ExternalTurn = "turn:turn.parley.test:3478";
    private const string ExternalSecret = "external-turn-secret";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch.AddYears(56));
    private SignalingServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await SignalingServer.StartAsync(
            (services, _) => services.AddSingleton<TimeProvider>(_clock),
            KeyValuePair.Create("Ice:Servers:1:Urls:0", (string?)ExternalTurn),
            KeyValuePair.Create("Ice:Servers:1:SharedSecret", (string?)ExternalSecret));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ExternalTurnCredential_LivesTenMinutes_AndIsRenewedBeforeItExpires_WhileTheSeatIsHeld()
    {
        await using var alice = await _server.ConnectAsync();
        var renewals = Channel.CreateUnbounded<IceServersResponse>();
        alice.Client.IceServersRenewed += (_, servers) => renewals.Writer.TryWrite(servers);
        var join = await alice.JoinOkAsync(TestRooms.Unique(), "Alice");
        var first = Turn(join.IceServers);
        Assert.Equal("seat." + join.PeerId, TurnRestCredentials.GetGrant(first.Username!));
        Assert.Equal(_clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds(), Expiry(first).ToUnixTimeSeconds());

        _clock.Advance(TimeSpan.FromMinutes(7));
        await alice.AssertNoEventsAsync("nothing is due seven minutes into a ten-minute credential");
        Assert.False(renewals.Reader.TryRead(out _), "Renewed long before the credential expires");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var renewed = Turn((await renewals.Reader.ReadAsync().AsTask().WaitAsync(TestPeer.Timeout)).IceServers);

        Assert.True(_clock.GetUtcNow() < Expiry(first), "The renewal came after the credential it renews expired");
        Assert.Equal(_clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds(), Expiry(renewed).ToUnixTimeSeconds());
        Assert.Equal(TurnRestCredentials.ComputePassword(ExternalSecret, renewed.Username!), renewed.Credential);
        Assert.Equal("seat." + join.PeerId, TurnRestCredentials.GetGrant(renewed.Username!));

        Assert.Null((await alice.LeaveAsync()).Error);
        _clock.Advance(TimeSpan.FromMinutes(20));
        await alice.AssertNoEventsAsync("a seat that left gets no more credentials");
        Assert.False(renewals.Reader.TryRead(out _), "Renewed the credentials of a seat that left");
    }

    private static IceServer Turn(IReadOnlyList<IceServer> servers) => Assert.Single(servers, s => s.Urls.Contains(ExternalTurn));

    private static DateTimeOffset Expiry(IceServer server)
    {
        Assert.True(TurnRestCredentials.TryGetExpiry(server.Username!, out var expiry), $"'{server.Username}' has no expiry");
        return expiry;
    }
}
