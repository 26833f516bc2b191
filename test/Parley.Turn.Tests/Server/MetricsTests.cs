using System.Net;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>The refusal and allocation counters of the <c>Parley.Turn</c> meter.</summary>
public class MetricsTests
{
    [Fact]
    public async Task WrongPassword_CountsOneAuthenticationFailure_TheFirstChallengeNone()
    {
        using var meters = new TurnMeterRecorder();
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(meters: meters);
        await using TurnTestClient client = await fixture.ConnectAsync();

        var response = await client.AllocateAsync(TurnServerFixture.User, "not-the-password");

        Assert.Equal(401, response.ErrorCode);
        Assert.Equal(1, meters.AuthenticationFailures);
        Assert.Equal(0, meters.Allocations);
    }

    [Fact]
    public async Task DeniedPeer_IsCounted()
    {
        using var meters = new TurnMeterRecorder();
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.AllowedPeerAddresses.Clear(), meters);
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        var response = await client.CreatePermissionAsync(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 9));

        Assert.Equal(403, response.ErrorCode);
        Assert.Equal(1, meters.DeniedPeers);
        Assert.Equal(1, meters.Allocations);
    }
}
