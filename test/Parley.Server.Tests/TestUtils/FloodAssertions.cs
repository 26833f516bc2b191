using System.Net;

namespace Parley.Server.Tests.TestUtils;

/// <summary>The flood tests' attacker, their deadlines, and what the call beside a flood and the flood itself must show.</summary>
internal static class FloodAssertions
{
    /// <summary>The attacker's address; the people in the call are on 127.0.0.1.</summary>
    public static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");

    /// <summary>The deadlines the flood tests configure (ten seconds by default).</summary>
    public const string Deadline = "00:00:03";

    /// <summary>The longest a connection that says nothing may live: a deadline, the TURN sweep's quarter and slack for a loaded machine.</summary>
    public static readonly TimeSpan Longest = TimeSpan.Parse(Deadline, System.Globalization.CultureInfo.InvariantCulture) + TimeSpan.FromSeconds(4);

    /// <summary>Both people's selected pair is a relay reached over <paramref name="protocol"/>, and media keeps arriving.</summary>
    public static async Task CallIsRelayedOverAsync(string protocol, params (string Name, CallPage Person)[] people)
    {
        foreach (var (name, person) in people)
        {
            var pair = await person.SelectedPairAsync();
            Assert.True(pair is { Local: "relay" } && pair.LocalProtocol == protocol, $"{name}'s selected candidate pair is {pair}, not a relay reached over {protocol}");
            await person.ExpectMediaFlowingAsync(await person.MediaStatsAsync());
        }
    }

    /// <summary>Waits until the flood has made <paramref name="attempts"/> connections (thousands, as an attacker would).</summary>
    public static async Task WaitForAttemptsAsync(ConnectionFlood flood, int attempts)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (flood.Outcomes.Count < attempts)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the flood made only {flood.Outcomes.Count} of {attempts} connections in 2 minutes");
            await Task.Delay(250);
        }
    }

    /// <summary>No connection was kept: each was refused at once or closed within <see cref="Longest"/>.</summary>
    public static void EveryConnectionClosedByItsDeadline(IReadOnlyList<FloodOutcome> outcomes)
    {
        var longest = Longest;
        var byKind = outcomes.GroupBy(o => o.Kind).ToDictionary(g => g.Key, g => g.ToList());
        string Summary() => string.Join("; ", byKind.Select(k =>
            $"{k.Key}: {k.Value.Count} made, {k.Value.Count(o => o.ClosedAfter is null)} kept, longest {k.Value.Max(o => o.ClosedAfter)?.TotalSeconds:0.0} s"));

        Assert.True(outcomes.All(o => o.ClosedAfter is not null), $"the server kept connections that said nothing: {Summary()}");
        Assert.True(outcomes.All(o => o.ClosedAfter <= longest), $"connections lived longer than {longest.TotalSeconds} s: {Summary()}");
        Assert.True(byKind.Values.All(k => k.Any(o => o.ClosedAfter > TimeSpan.FromSeconds(1))),
            $"some kind was never admitted to wait for its deadline, so the deadline went untried: {Summary()}");
    }
}
