using Parley.Server.Tests.TestUtils;

namespace Parley.Server.Tests;

/// <summary>Calls that may only go through Parley's embedded TURN (<c>Ice:TransportPolicy=relay</c>).</summary>
[Trait("Category", ParleyBinary.Category)]
public sealed class RelayCallTests(RelayCallTests.RelayOnlyBed bed) : BrowserTest(bed), IClassFixture<RelayCallTests.RelayOnlyBed>
{
    [Fact]
    public async Task RelayOnlyCall_GoesThroughTheEmbeddedTurn_AndCarriesVideoAndAudio()
    {
        var (alice, bob, _) = await StartCallAsync();

        foreach (var (name, person) in new[] { ("Alice", alice), ("Bob", bob) })
        {
            var pair = await person.SelectedPairAsync();
            Assert.True(pair is { Local: "relay", Remote: "relay" }, $"{name}'s selected candidate pair is {pair}, not relay to relay");
        }
    }

    public sealed class RelayOnlyBed() : BrowserTestBed(new ParleyServer("--Ice:TransportPolicy", "relay"));
}
