using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

public class RefreshTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Refresh_LifetimeZero_DeletesAllocation(bool tcp)
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync(tcp);

        StunTestMessage response = await client.RequestAuthenticatedAsync(StunMethod.Refresh, b => b.Append(new LifetimeAttribute(0)));

        Assert.Equal(StunClass.SuccessResponse, response.Type.Class);
        Assert.Equal(0u, response.GetUInt32(StunAttributeType.Lifetime));
        Assert.Equal(0, fixture.Server.Allocations.Count);
        Assert.Equal(437, (await client.RequestAuthenticatedAsync(StunMethod.Refresh)).ErrorCode);
    }

    [Fact]
    public async Task Refresh_ExtendsLifetime_SoAllocationOutlivesItsFirstLifetime()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        fixture.Time.Advance(TimeSpan.FromMinutes(9));
        StunTestMessage response = await client.RequestAuthenticatedAsync(StunMethod.Refresh, b => b.Append(new LifetimeAttribute(1200)));
        fixture.Time.Advance(TimeSpan.FromMinutes(9));

        Assert.Equal(1200u, response.GetUInt32(StunAttributeType.Lifetime));
        Assert.Equal(1, fixture.Server.Allocations.Count);
    }

    [Fact]
    public async Task Allocation_WithoutRefresh_IsDeletedWhenLifetimeRunsOut()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        fixture.Time.Advance(TimeSpan.FromSeconds(601));

        Assert.Equal(0, fixture.Server.Allocations.Count);
    }

    [Fact]
    public async Task Refresh_ByAnotherUser_Returns441()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.StaticUsers["carol"] = "pw");
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        await client.ChallengeAsync("carol", "pw");
        Assert.Equal(441, (await client.RequestAuthenticatedAsync(StunMethod.Refresh)).ErrorCode);
    }

    [Fact]
    public async Task Refresh_WithMismatchedAddressFamily_Returns443()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        StunTestMessage response = await client.RequestAuthenticatedAsync(StunMethod.Refresh,
            b => b.Append(new RequestedAddressFamilyAttribute(XorAddressCodec.FamilyIPv6)));

        Assert.Equal(443, response.ErrorCode);
    }

    [Fact]
    public async Task Refresh_AskingForMoreThanTheMaximum_IsClampedToMaxAllocationLifetime()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        StunTestMessage response = await client.RequestAuthenticatedAsync(StunMethod.Refresh, b => b.Append(new LifetimeAttribute(uint.MaxValue)));
        Assert.Equal(3600u, response.GetUInt32(StunAttributeType.Lifetime));

        fixture.Time.Advance(TimeSpan.FromSeconds(3601));
        Assert.True(fixture.Server.Allocations.Count == 0, "the allocation outlived MaxAllocationLifetime after asking for 2^32-1 s");
    }

    [Fact]
    public async Task Refresh_AskingForLessThanTheDefault_GetsTheDefault()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        StunTestMessage response = await client.RequestAuthenticatedAsync(StunMethod.Refresh, b => b.Append(new LifetimeAttribute(1)));

        Assert.Equal(600u, response.GetUInt32(StunAttributeType.Lifetime));
    }
}
