using System.Net;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>The server's own relay round trip, on a server whose peer filter denies loopback like a public one.</summary>
public class SelfTestTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task SelfTest_RelaysAPacketToItsOwnPeerAndBack_AndDeletesItsAllocation()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.AllowedPeerAddresses.Clear());

        TurnSelfTestResult result = await TurnSelfTest.RunAsync(fixture.Server, Timeout);

        Assert.True(result.Succeeded, $"The self-test failed: {result.Description}");
        Assert.Contains("relayed", result.Description, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Server.Allocations.Count);
    }

    [Fact]
    public async Task AfterASelfTest_ClientsAreStillRefusedLoopbackPeers()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.AllowedPeerAddresses.Clear());
        Assert.True((await TurnSelfTest.RunAsync(fixture.Server, Timeout)).Succeeded);
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        StunTestMessage refused = await client.CreatePermissionAsync(new IPEndPoint(IPAddress.Loopback, 9));

        Assert.Equal(403, refused.ErrorCode);
    }

    [Fact]
    public async Task SelfTest_OfAStoppedServer_ReportsFailure()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await fixture.Server.StopAsync();

        TurnSelfTestResult result = await TurnSelfTest.RunAsync(fixture.Server, TimeSpan.FromSeconds(1));

        Assert.False(result.Succeeded, "A stopped server passed its self-test.");
        Assert.False(string.IsNullOrEmpty(result.Description));
    }
}
