using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// What the host verifies: TurnGrants.UnconfirmedAllocation, raised off the packet path once per grant until the
/// host answers, and GetGrantsInUse for its periodic sweep.
/// </summary>
public class GrantVerificationTests
{
    [Fact]
    public async Task UnconfirmedAllocation_IsRaisedOffThePacketPath_OncePerGrant_UntilTheHostAnswers()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using var clients = new TestClients();
        using var handlerMayReturn = new ManualResetEventSlim();
        var raised = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var firstRaised = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Server.Grants.UnconfirmedAllocation += (_, e) =>
        {
            raised.Enqueue(e.Grant);
            firstRaised.TrySetResult();

            // A handler busy verifying (a Redis round trip, say) holds up no client.
            handlerMayReturn.Wait(TaskTimeoutExtensions.Timeout);
        };

        for (int i = 0; i < 3; i++)
        {
            await clients.AddAsync(fixture.AllocatedClientAsync("seat-1"));
        }

        await firstRaised.Task.DefaultTimeout();
        handlerMayReturn.Set();
        Assert.True(fixture.Server.Grants.Confirm("seat-1", fixture.Time.GetUtcNow().AddMinutes(10)));
        await clients.AddAsync(fixture.AllocatedClientAsync("seat-1"));
        await clients.AddAsync(fixture.AllocatedClientAsync("seat-2"));
        await WaitUntilAsync(() => raised.Count == 2, () => $"raised for [{string.Join(", ", raised)}]");

        Assert.Equal(["seat-1", "seat-2"], raised);
    }

    [Fact]
    public async Task HandlerThatThrows_IsLogged_AndTheGrantsNextAllocationRaisesTheEventAgain()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using var clients = new TestClients();
        int calls = 0;
        fixture.Server.Grants.UnconfirmedAllocation += (_, _) =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("the host's verification failed");
        };

        await clients.AddAsync(fixture.AllocatedClientAsync("seat-1"));
        await WaitUntilAsync(() => Volatile.Read(ref calls) == 1, () => $"{calls} calls");
        await clients.AddAsync(fixture.AllocatedClientAsync("seat-1"));

        await WaitUntilAsync(() => Volatile.Read(ref calls) == 2, () => $"{calls} calls");
    }

    [Fact]
    public async Task GrantsInUse_AreTheGrantsHoldingAllocations_AndNotTheServersOwnSelfTest()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.AllowedPeerAddresses.Clear());
        await using var clients = new TestClients();
        var raised = new System.Collections.Concurrent.ConcurrentQueue<string>();
        fixture.Server.Grants.UnconfirmedAllocation += (_, e) => raised.Enqueue(e.Grant);
        await clients.AddAsync(fixture.AllocatedClientAsync("seat-1"));
        await clients.AddAsync(fixture.AllocatedClientAsync("seat-1"));
        TurnTestClient overTcp = await fixture.AllocatedClientAsync("seat-2", tcp: true);
        await clients.AddAsync(fixture.AllocatedClientAsync());

        Assert.Equal(["alice", "seat-1", "seat-2"], fixture.Server.Grants.GetGrantsInUse().Order());
        Assert.True((await TurnSelfTest.RunAsync(fixture.Server, TaskTimeoutExtensions.Timeout)).Succeeded);
        await overTcp.DisposeAsync();
        await WaitUntilAsync(() => fixture.Server.Grants.GetGrantsInUse().Count == 2, () => string.Join(", ", fixture.Server.Grants.GetGrantsInUse()));
        Assert.Equal(["alice", "seat-1"], fixture.Server.Grants.GetGrantsInUse().Order());
        await WaitUntilAsync(() => raised.Count == 3, () => $"raised for [{string.Join(", ", raised)}]");
        Assert.DoesNotContain(raised, grant => grant.StartsWith("self-test-", StringComparison.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> state)
    {
        DateTime deadline = DateTime.UtcNow + TaskTimeoutExtensions.Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out: {state()}");
            await Task.Delay(10);
        }
    }
}
