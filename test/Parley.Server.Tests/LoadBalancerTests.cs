using System.Globalization;
using System.Text.RegularExpressions;
using Parley.Server.Tests.TestUtils;
using static Microsoft.Playwright.Assertions;

namespace Parley.Server.Tests;

/// <summary>
/// Two Parley processes sharing a real redis-server behind nginx, as users deploy them: a call whose two people are
/// on different nodes survives one node being killed outright (<c>kill -9</c>) mid-call. The Redis tests prove the
/// other half: a dead node's peers that do not come back are announced within the presence timeout.
/// </summary>
public sealed partial class LoadBalancerTests : IAsyncLifetime
{
    // A dead node's peers are noticed within the presence timeout; the held seat then waits out the grace period.
    private const string PresenceTimeout = "00:00:04";
    private static readonly TimeSpan Noticed = TimeSpan.FromSeconds(4 + 1 + 10);

    private readonly Chromium _chromium = new();
    private RedisServer _redis = null!;
    private ParleyProcess?[] _nodes = [];
    private int[] _ports = [];
    private NginxLoadBalancer _balancer = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartNewAsync();
        _ports = [FreePort.Tcp(), FreePort.Tcp()];
        _nodes = await Task.WhenAll(_ports.Select(port => ParleyProcess.StartAsync(
            port,
            "--Redis:Configuration", _redis.Endpoint,
            "--Redis:KeyPrefix", "lb-test:",
            "--Redis:HeartbeatInterval", "00:00:01",
            "--Redis:PresenceTimeout", PresenceTimeout,
            "--Signaling:ReconnectGracePeriod", "00:00:30")));
        _balancer = await NginxLoadBalancer.StartAsync(_ports);
        await _chromium.InitializeAsync();
    }

    [Fact]
    public async Task NodeKilledMidCall_ItsBrowserResumesThroughNginxOnTheSurvivor_AndTheCallGoesOn()
    {
        var alice = new CallPage(await _chromium.NewPersonAsync());
        var bob = new CallPage(await _chromium.NewPersonAsync());
        var room = await alice.JoinFromHomeAsync(_balancer.Address, "Alice");
        await alice.ExpectStateAsync("waiting");
        int aliceNode = await NodeHoldingConnectionsAsync(expected: 1);
        await bob.JoinByLinkAsync(new Uri(_balancer.Address, "/r/" + room), "Bob");
        await alice.ExpectStateAsync("connected");
        await bob.ExpectStateAsync("connected");
        await alice.ExpectMediaFlowingAsync();
        await bob.ExpectMediaFlowingAsync();
        Assert.True(await ConnectionsAsync(1 - aliceNode) == 1,
            "nginx (least_conn) should have put Bob's signaling socket on the other node, so the call spans both");
        await alice.Page.EvaluateAsync("() => { window.__parley.peerConnection().__beforeCrash = true; }");
        await RecordStatesAsync(bob);

        await _nodes[aliceNode]!.DisposeAsync();
        _nodes[aliceNode] = null;
        var killed = DateTime.UtcNow;

        // Alice's browser reconnects through nginx to the survivor and resumes her seat there: Bob hears either that,
        // or (if the reaper got there first) PeerReconnecting then her return; never that she left. Her reconnection
        // can be faster than the page's banner shows it, so the survivor's count, not the banner, says it happened.
        Assert.True(
            await NodeHoldsConnectionsAsync(1 - aliceNode, expected: 2),
            "Alice's browser should have reconnected through nginx to the surviving node");
        await Expect(alice.Page.Locator("[data-banner=reconnecting]")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        await alice.ExpectStateAsync("connected");
        await bob.ExpectStateAsync("connected");
        Assert.True(DateTime.UtcNow - killed < Noticed, $"Alice was back in the room only {DateTime.UtcNow - killed} after her node died");
        Assert.True(
            await alice.Page.EvaluateAsync<bool>("() => window.__parley.peerConnection()?.__beforeCrash === true"),
            "Alice resumed her seat but built a new RTCPeerConnection: the call should have gone on");
        var states = await bob.Page.EvaluateAsync<string[]>("() => window.__states");
        Assert.True(states.All(s => s is "connected" or "peer-reconnecting"), $"Bob's screen after Alice's node died: {string.Join(" > ", states)}");
        await alice.ExpectMediaFlowingAsync(await alice.MediaStatsAsync());
        await bob.ExpectMediaFlowingAsync(await bob.MediaStatsAsync());
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _balancer.DisposeAsync();
        foreach (var node in _nodes)
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        await _redis.DisposeAsync();
    }

    /// <summary>Records every state the page's call status shows from now on, in <c>window.__states</c>.</summary>
    private static async Task RecordStatesAsync(CallPage person) => await person.Page.EvaluateAsync("""
        () => {
          const el = document.querySelector('[role=status][data-state]');
          window.__states = [el.dataset.state];
          new MutationObserver(() => window.__states.push(el.dataset.state))
            .observe(el, { attributes: true, attributeFilter: ['data-state'] });
        }
        """);

    /// <summary>The index of the node that holds <paramref name="expected"/> signaling connections, waiting for it.</summary>
    private async Task<int> NodeHoldingConnectionsAsync(int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            for (int i = 0; i < _ports.Length; i++)
            {
                if (await ConnectionsAsync(i) == expected)
                {
                    return i;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"No node reports {expected} signaling connection(s) in /metrics");
            await Task.Delay(250);
        }
    }

    /// <summary>Whether the node comes to hold <paramref name="expected"/> connections within 20 s.</summary>
    private async Task<bool> NodeHoldsConnectionsAsync(int node, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await ConnectionsAsync(node) != expected)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(250);
        }

        return true;
    }

    /// <summary>The node's signaling connections, from its own Prometheus metrics.</summary>
    private async Task<long> ConnectionsAsync(int node)
    {
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{_ports[node].ToString(CultureInfo.InvariantCulture)}/metrics"));
        var match = ConnectionsGauge().Match(metrics);
        return match.Success ? long.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"^parley_signaling_connections(\{[^}]*\})? (?<value>\d+)", RegexOptions.Multiline)]
    private static partial Regex ConnectionsGauge();
}
