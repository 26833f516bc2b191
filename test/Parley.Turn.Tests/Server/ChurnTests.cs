using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;
using Parley.Turn.Transports;

namespace Parley.Turn.Tests.Server;

/// <summary>
/// Allocations churning — each relays to a peer, then its client deletes it (Refresh 0), closes its TCP connection,
/// or simply vanishes as a crashed browser does — leave nothing allocated once the vanished ones' lifetime is over.
/// </summary>
public abstract class ChurnTests : IoPathTests
{
    private const int Rounds = 40;

    private protected ChurnTests(IoPath ioPath)
        : base(ioPath)
    {
    }

    [Fact]
    public async Task AllocationsChurning_DeletedClosedOrAbandoned_LeaveNothingAllocated()
    {
        await using TurnServerFixture fixture = await StartAsync(o => o.AllowedPeerAddresses.Add("127.0.0.0/8"));
        using var peer = new UdpPeer();
        var abandoned = new List<TurnTestClient>();

        for (int round = 0; round < Rounds; round++)
        {
            await using (TurnTestClient deleting = await RelayingClientAsync(fixture, peer, tcp: false))
            {
                Assert.Equal(StunClass.SuccessResponse, (await deleting.RequestAuthenticatedAsync(StunMethod.Refresh, b => b.Append(new LifetimeAttribute(0)))).Type.Class);
            }

            await using (await RelayingClientAsync(fixture, peer, tcp: true))
            {
                // Disposed at once: the TCP connection closes, which deletes its allocation (RFC 8656 §3.1).
            }

            abandoned.Add(await RelayingClientAsync(fixture, peer, tcp: false));
        }

        // A closed connection's allocation goes once the server has read the close, which the client does not wait for.
        await Condition.WaitUntilAsync(() => fixture.Server.Allocations.Count <= Rounds,
            () => $"{fixture.Server.Allocations.Count} allocations after {Rounds} rounds: only the {Rounds} abandoned ones may remain before they expire");
        fixture.Time.Advance(TurnServerFixture.CreateOptions().MaxAllocationLifetime + TimeSpan.FromMinutes(1));
        await Condition.WaitUntilAsync(() => fixture.Server.Allocations.Count == 0,
            () => $"{fixture.Server.Allocations.Count} allocations outlived their lifetime");
        foreach (var client in abandoned)
        {
            await client.DisposeAsync();
        }
    }

    private static async Task<TurnTestClient> RelayingClientAsync(TurnServerFixture fixture, UdpPeer peer, bool tcp)
    {
        TurnTestClient client = await fixture.AllocatedClientAsync(tcp);
        Assert.Equal(StunClass.SuccessResponse, (await client.ChannelBindAsync(0x4000, peer.EndPoint)).Type.Class);
        await client.SendChannelDataAsync(0x4000, [1, 2, 3, 4]);
        Assert.Equal(4, (await peer.ReceiveAsync()).Data.Length);
        return client;
    }

    public sealed class Batched() : ChurnTests(IoPath.Batched);

    public sealed class Portable() : ChurnTests(IoPath.Portable);
}
