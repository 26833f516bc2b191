using System.Net;
using System.Net.Sockets;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>Security defaults: peer filter, quotas, capacity limits and resilience to garbage.</summary>
public class LimitsTests
{
    // Documentation addresses stand in for public peers where only permissions are counted: nothing is sent to them.
    private const string PublicStandIns = "198.51.100.0/24";

    [Theory]
    [InlineData("127.0.0.2")]
    [InlineData("10.1.2.3")]
    [InlineData("169.254.169.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    public async Task CreatePermission_ForDeniedPeer_Returns403(string peer)
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        StunTestMessage response = await client.CreatePermissionAsync(new IPEndPoint(IPAddress.Parse(peer), 5000));

        Assert.Equal(403, response.ErrorCode);
        Assert.True(response.VerifyIntegrity(client.Key));
    }

    [Fact]
    public async Task ChannelBind_ForDeniedPeer_Returns403()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        Assert.Equal(403, (await client.ChannelBindAsync(0x4000, new IPEndPoint(IPAddress.Parse("192.168.1.1"), 5000))).ErrorCode);
    }

    [Fact]
    public async Task CreatePermission_ForIPv6Peer_OnIPv4Allocation_Returns443()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        Assert.Equal(443, (await client.CreatePermissionAsync(new IPEndPoint(IPAddress.Parse("2001:4860::1"), 5000))).ErrorCode);
    }

    [Fact]
    public async Task Allocate_BeyondPerUserQuota_Returns486()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.MaxAllocationsPerUser = 2);
        await using TurnTestClient first = await fixture.AllocatedClientAsync();
        await using TurnTestClient second = await fixture.AllocatedClientAsync();
        await using TurnTestClient third = await fixture.ConnectAsync();

        StunTestMessage response = await third.AllocateAsync(TurnServerFixture.User, TurnServerFixture.Password);

        Assert.Equal(486, response.ErrorCode);
    }

    [Fact]
    public async Task Allocate_BeyondTotalQuota_Returns486_AndQuotaIsFreedByDeletion()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.MaxAllocations = 1);
        await using TurnTestClient first = await fixture.AllocatedClientAsync();
        await using TurnTestClient second = await fixture.ConnectAsync();
        Assert.Equal(486, (await second.AllocateAsync(TurnServerFixture.User, TurnServerFixture.Password)).ErrorCode);

        await first.RequestAuthenticatedAsync(StunMethod.Refresh, b => b.Append(new LifetimeAttribute(0)));

        Assert.Equal(StunClass.SuccessResponse, (await second.RequestAuthenticatedAsync(StunMethod.Allocate,
            b => b.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp)))).Type.Class);
    }

    [Fact]
    public async Task Allocate_BeyondPerUserQuota_Returns486_WhileAnotherUserStillAllocates()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o =>
        {
            o.MaxAllocationsPerUser = 1;
            o.StaticUsers["carol"] = "pw";
        });
        await using TurnTestClient first = await fixture.AllocatedClientAsync();
        await using TurnTestClient second = await fixture.ConnectAsync();
        await using TurnTestClient other = await fixture.ConnectAsync();

        Assert.Equal(486, (await second.AllocateAsync(TurnServerFixture.User, TurnServerFixture.Password)).ErrorCode);
        StunTestMessage otherUser = await other.AllocateAsync("carol", "pw");

        Assert.True(otherUser.Type.Class == StunClass.SuccessResponse, $"another user's Allocate got {otherUser.ErrorCode} while alice was at her quota");
        Assert.Equal(2, fixture.Server.Allocations.Count);
    }

    [Fact]
    public async Task CreatePermission_BeyondPermissionLimit_Returns508_WhileAnotherAllocationStillGetsPermissions()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o =>
        {
            o.MaxPermissionsPerAllocation = 2;
            o.AllowedPeerAddresses.Add(PublicStandIns);
        });
        await using TurnTestClient greedy = await fixture.AllocatedClientAsync();
        await using TurnTestClient modest = await fixture.AllocatedClientAsync();

        for (int i = 1; i <= 2; i++)
        {
            Assert.Equal(StunClass.SuccessResponse, (await greedy.CreatePermissionAsync(new IPEndPoint(IPAddress.Parse($"198.51.100.{i}"), 5000))).Type.Class);
        }

        Assert.Equal(508, (await greedy.CreatePermissionAsync(new IPEndPoint(IPAddress.Parse("198.51.100.3"), 5000))).ErrorCode);
        Assert.Equal(508, (await greedy.ChannelBindAsync(0x4000, new IPEndPoint(IPAddress.Parse("198.51.100.4"), 5000))).ErrorCode);
        StunTestMessage modestPermission = await modest.CreatePermissionAsync(new IPEndPoint(IPAddress.Parse("198.51.100.3"), 5000));
        Assert.True(modestPermission.Type.Class == StunClass.SuccessResponse, $"another allocation's CreatePermission got {modestPermission.ErrorCode}");
    }

    [Fact]
    public async Task ChannelBind_BeyondChannelLimit_Returns508()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o =>
        {
            o.MaxChannelsPerAllocation = 1;
            o.AllowedPeerAddresses.Add("127.0.0.0/8");
        });
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, new IPEndPoint(IPAddress.Loopback, 5000))).Type.Class);
        Assert.Equal(508, (await client.ChannelBindAsync(0x4001, new IPEndPoint(IPAddress.Loopback, 5001))).ErrorCode);
    }

    [Fact]
    public async Task CreatePermission_BeyondPermissionLimit_Returns508()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o =>
        {
            o.MaxPermissionsPerAllocation = 1;
            o.AllowedPeerAddresses.Add(PublicStandIns);
        });
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        Assert.Equal(StunClass.SuccessResponse, (await client.CreatePermissionAsync(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 5000))).Type.Class);
        Assert.Equal(508, (await client.CreatePermissionAsync(new IPEndPoint(IPAddress.Parse("198.51.100.2"), 5000))).ErrorCode);
    }

    [Fact]
    public async Task BurstOfGarbageDatagrams_DoesNotStopServiceForAWellBehavedClient()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        // From its own address: the per-source answer budget of 127.0.0.1 belongs to the well-behaved client.
        attacker.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        var random = new Random(42);
        byte[] valid = TurnTestClient.Build(StunMethod.Binding, StunClass.Request, b => b.Append(StunAttributeType.Software, [1, 2, 3]));
        for (int i = 0; i < 2000; i++)
        {
            byte[] garbage = (i % 3) switch
            {
                0 => RandomBytes(random, random.Next(0, 200)),
                1 => Mutate(random, valid),
                _ => [0x40, 0x00, 0xFF, 0xFF, 1, 2], // ChannelData claiming more bytes than sent
            };
            await attacker.SendToAsync(garbage, SocketFlags.None, fixture.Server.UdpEndPoints[0]);
        }

        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        StunTestMessage binding = await client.RequestAsync(TurnTestClient.Build(StunMethod.Binding, StunClass.Request));

        Assert.Equal(StunClass.SuccessResponse, binding.Type.Class);
        Assert.Equal(1, fixture.Server.Allocations.Count);
    }

    [Fact]
    public async Task GarbageOnTcp_ClosesThatConnectionOnly()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient healthy = await fixture.AllocatedClientAsync(tcp: true);
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await attacker.ConnectAsync(fixture.Server.TcpEndPoints[0]).DefaultTimeout();

        await attacker.SendAsync(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, SocketFlags.None);

        Assert.True(await ServerClose.IsClosedByServerAsync(attacker), "the connection that sent garbage is still open");
        StunTestMessage binding = await healthy.RequestAsync(TurnTestClient.Build(StunMethod.Binding, StunClass.Request));
        Assert.Equal(StunClass.SuccessResponse, binding.Type.Class);
    }

    [Fact]
    public async Task ClosingTcpConnection_DeletesItsAllocation()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        TurnTestClient client = await fixture.AllocatedClientAsync(tcp: true);
        Assert.Equal(1, fixture.Server.Allocations.Count);

        await client.DisposeAsync();

        await Condition.WaitUntilAsync(() => fixture.Server.Allocations.Count == 0,
            () => $"{fixture.Server.Allocations.Count} allocation(s) left after the client closed its connection");
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] valid)
    {
        byte[] copy = (byte[])valid.Clone();
        copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        return copy;
    }
}
