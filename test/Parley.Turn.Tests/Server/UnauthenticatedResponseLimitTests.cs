using Parley.Turn.Abuse;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// Answers to unauthenticated UDP requests are budgeted per source address (default 20 at once, then 10/s), with
/// a fixed-size table, so a spoofed flood can neither reflect traffic at a victim nor grow the server's memory.
/// </summary>
public class UnauthenticatedResponseLimitTests
{
    [Fact]
    public async Task FloodOfAllocatesFromOneAddress_GetsOnlyTheBurstAnswered_AndOtherAddressesAreStillServed()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o =>
        {
            o.UnauthenticatedResponseBurst = 20;
            o.UnauthenticatedResponsesPerSecond = 10;
        });
        using var flooder = new UdpProbe("127.0.0.3", fixture.Server);

        for (int i = 0; i < 200; i++)
        {
            await flooder.SendAsync(UnauthenticatedAllocate());
        }

        await flooder.CollectAnswersAsync();
        Assert.True(flooder.Answers == 20, $"200 spoofable Allocates drew {flooder.Answers} answers; the burst allows 20");

        await using TurnTestClient client = await fixture.AllocatedClientAsync();
        Assert.Equal(1, fixture.Server.Allocations.Count);
    }

    [Fact]
    public async Task BudgetRefills_AtTheConfiguredRate()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o =>
        {
            o.UnauthenticatedResponsesPerSecond = 5;
            o.UnauthenticatedResponseBurst = 2;
        });
        using var source = new UdpProbe("127.0.0.3", fixture.Server);

        for (int i = 0; i < 10; i++)
        {
            await source.SendAsync(TurnTestClient.Build(StunMethod.Binding, StunClass.Request));
        }

        await source.CollectAnswersAsync();
        Assert.Equal(2, source.Answers);

        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        for (int i = 0; i < 10; i++)
        {
            await source.SendAsync(TurnTestClient.Build(StunMethod.Binding, StunClass.Request));
        }

        await source.CollectAnswersAsync();
        Assert.True(source.Answers == 4, $"one second at 5/s with a burst of 2 should allow 2 more answers, got {source.Answers - 2}");
    }

    [Fact]
    public async Task LimitOff_AnswersEveryRequest()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.UnauthenticatedResponsesPerSecond = 0);
        using var source = new UdpProbe("127.0.0.3", fixture.Server);

        for (int i = 0; i < 50; i++)
        {
            await source.SendAsync(UnauthenticatedAllocate());
        }

        await source.CollectAnswersAsync();
        Assert.Equal(50, source.Answers);
    }

    [Fact]
    public async Task AuthenticatedRequests_AreNotBudgeted()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.UnauthenticatedResponseBurst = 1);
        await using TurnTestClient client = await fixture.AllocatedClientAsync();

        for (int i = 0; i < 30; i++)
        {
            StunTestMessage refresh = await client.RequestAuthenticatedAsync(StunMethod.Refresh, b => b.Append(new LifetimeAttribute(600)));
            Assert.True(refresh.Type.Class == StunClass.SuccessResponse, $"authenticated Refresh {i} got {refresh.ErrorCode}");
        }
    }

    [Fact]
    public async Task AVictimsBudgetDrainedBySpoofedPackets_LeavesItsAllocationWorking_AndTcpOpen()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o =>
        {
            o.UnauthenticatedResponseBurst = 5;
            o.UnauthenticatedResponsesPerSecond = 1;
        });
        var victim = System.Net.IPAddress.Parse("127.0.0.4");
        await using TurnTestClient inCall = await fixture.AllocatedClientAsync("victim-call", local: victim);

        // The attacker sends from the victim's address (here: really from it, which is what a spoofed source looks like).
        using var spoofer = new UdpProbe("127.0.0.4", fixture.Server);
        for (int i = 0; i < 50; i++)
        {
            await spoofer.SendAsync(UnauthenticatedAllocate());
        }

        await spoofer.CollectAnswersAsync();
        using var newcomer = new UdpProbe("127.0.0.4", fixture.Server);
        await newcomer.SendAsync(TurnTestClient.Build(StunMethod.Binding, StunClass.Request));
        await newcomer.CollectAnswersAsync();
        Assert.True(newcomer.Answers == 0, "the drained budget is the cost: a new unauthenticated UDP request from the victim's address goes unanswered until it refills");

        StunTestMessage refresh = await inCall.RequestAuthenticatedAsync(StunMethod.Refresh, b => b.Append(new LifetimeAttribute(600)));
        Assert.True(refresh.Type.Class == StunClass.SuccessResponse, $"the victim's own allocation should keep working, its Refresh got {refresh.ErrorCode}");
        await using TurnTestClient overTcp = await fixture.AllocatedClientAsync("victim-new-call", tcp: true, local: victim);
    }

    // An allocation count: it runs with the others of category Allocation (ZeroAllocationTests).
    [Fact]
    [Trait("Category", "Allocation")]
    public void LimiterKeepsNoStatePerSource_WhateverAddressesArrive()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var limiter = new UnauthenticatedResponseLimiter(time, perSecond: 10, burst: 20);

        // The first pass lets the runtime finish compiling the loop (tiering and on-stack replacement once allocated
        // a few KB on this thread under load); the second is measured.
        SendFromManySources(limiter, first: 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        SendFromManySources(limiter, first: 200_000);

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"400,000 distinct sources allocated {allocated} bytes: the limiter keeps state per source");

        static void SendFromManySources(UnauthenticatedResponseLimiter limiter, ulong first)
        {
            for (ulong i = first; i < first + 200_000; i++)
            {
                limiter.TryAcquire(new TransportAddress(System.Net.Sockets.AddressFamily.InterNetwork, 0, i, 1));
                limiter.TryAcquire(new TransportAddress(System.Net.Sockets.AddressFamily.InterNetworkV6, i << 16, i, 1));
            }
        }
    }

    [Fact]
    public void SourcesOfOneIPv6Slash64_ShareOneBudget()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var limiter = new UnauthenticatedResponseLimiter(time, perSecond: 1, burst: 3);

        int allowed = 0;
        for (int i = 1; i <= 10; i++)
        {
            var source = new System.Net.IPEndPoint(System.Net.IPAddress.Parse($"2001:db8:1:2::{i:x}"), 1000 + i);
            allowed += limiter.TryAcquire(TransportAddress.FromIPEndPoint(source)) ? 1 : 0;
        }

        Assert.Equal(3, allowed);
    }

    private static byte[] UnauthenticatedAllocate() => TurnTestClient.Build(StunMethod.Allocate, StunClass.Request,
        b => b.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp)));
}
