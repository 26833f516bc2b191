using System.Globalization;
using System.Text;
using Parley.Server.Tests.TestUtils;
using static Microsoft.Playwright.Assertions;

namespace Parley.Server.Tests;

/// <summary>
/// Rooms of 2, 4 and 8 people: screenshots of the grid for the README (written to docs/screenshots) and each
/// person's uplink, which must stay within the web client's budget. Every camera captures 160×120 at 10 frames a
/// second (<see cref="Capture"/>). In the room of eight only Ada's and Bob's cameras are on: the four who come last
/// join without a camera and Cy and Di have turned theirs off, since eight cameras are 56 encoders and 56 decoders,
/// which two cores cannot carry (ICE checks starve; four cameras did not fit either). The two left still send to all
/// seven others, so their uplinks are the budget's at eight. Eight browsers are more than the test command should
/// carry on two cores, so this has its own command:
/// <c>dotnet test test/Parley.Server.Tests -c Release --filter Category=Screenshots</c>.
/// </summary>
[Trait("Category", "Screenshots")]
public sealed class GroupShowcaseTests(GroupShowcaseTests.RoomOfEightBed bed) : BrowserTest(bed), IClassFixture<GroupShowcaseTests.RoomOfEightBed>
{
    /// <summary>The web client's uplink budget (bandwidth.ts, UPLINK_BUDGET_KBPS).</summary>
    private const double BudgetKbps = 2500;

    private const string AudioOnly = "Audio only (no camera)";

    /// <summary>Every camera's capture: small enough that eight browsers, each encoding seven copies, fit on two cores.</summary>
    private static readonly (int Width, int Height, int FrameRate) Capture = (160, 120, 10);

    private static readonly string[] Names = ["Ada", "Bob", "Cy", "Di", "Eve", "Fay", "Gus", "Hal"];

    [Fact]
    public async Task GridsOfTwoFourAndEight_AreShot_AndEachUplinkStaysWithinTheBudget()
    {
        var folder = Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(folder);
        var people = new List<CallPage>();
        var room = "";
        var table = new StringBuilder("| People | Uplink of each person (kbit/s, median of the room) | Highest (a camera's) | Budget |\n|---|---|---|---|\n");
        foreach (var size in new[] { 2, 4, 8 })
        {
            while (people.Count < size)
            {
                var person = await NewPersonAsync();
                await person.Page.Context.AddInitScriptAsync(CameraCapture.InitScript(Capture.Width, Capture.Height, Capture.FrameRate));
                // Eight pages on two cores: each waits longer, and all but the one shot draw a small window.
                person.Page.SetDefaultTimeout(90_000);
                await (people.Count == 0 ? person.Page.SetViewportSizeAsync(1280, 720) : person.Page.SetViewportSizeAsync(480, 270));
                if (people.Count == 0)
                {
                    room = await person.JoinFromHomeAsync(Bed.Server.BaseAddress, Names[0]);
                }
                else
                {
                    await person.JoinByLinkAsync(Bed.Server.RoomUrl(room), Names[people.Count], people.Count >= 4 ? AudioOnly : null);
                }

                people.Add(person);
            }

            var ada = people[0];
            await ada.ExpectTilesAsync([.. Names[1..size]]);
            await ada.ExpectMediaFromAsync([.. Names[1..size]], audioOnly: size == 8 ? Names[2..] : []);
            if (size == 4)
            {
                await people[1].Button("Mute microphone").ClickAsync();
                await people[2].Button("Turn camera off").ClickAsync();
                await Expect(ada.Tile("Cy")).ToHaveAttributeAsync("data-camera", "off");
            }

            var uplinks = await Task.WhenAll(people.Select(SettledUplinkKbpsAsync));
            var median = uplinks.Order().ElementAt(uplinks.Length / 2);
            table.Append(CultureInfo.InvariantCulture, $"| {size} | {median:0} | {uplinks.Max():0} | {BudgetKbps:0} |\n");
            Assert.True(uplinks.Max() <= BudgetKbps * 1.1, $"An uplink went over the budget with {size} people: {string.Join(", ", uplinks.Select(u => u.ToString("0", CultureInfo.InvariantCulture)))} kbit/s");

            await ada.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"grid-{size}.png") });
            if (size == 4)
            {
                await ada.Page.SetViewportSizeAsync(390, 844);
                await ada.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "grid-4-phone.png") });
                await ada.Page.SetViewportSizeAsync(1280, 720);
                await people[3].Button("Turn camera off").ClickAsync();
            }
        }

        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "group-uplink.md"), table.ToString());
        Console.WriteLine(table);
    }

    /// <summary>
    /// A page's uplink once its bandwidth estimates have stopped climbing towards what the caps allow: measured over
    /// consecutive windows until one is no more than 5 % above the one before.
    /// </summary>
    private static async Task<double> SettledUplinkKbpsAsync(CallPage person)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var rates = new List<double> { await UplinkKbpsAsync(person) };
        while (DateTime.UtcNow < deadline)
        {
            var rate = await UplinkKbpsAsync(person);
            if (rate <= rates[^1] * 1.05)
            {
                return rate;
            }

            rates.Add(rate);
        }

        Assert.Fail($"The uplink never stopped climbing within 60 s: {string.Join(", ", rates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))} kbit/s");
        return 0;
    }

    /// <summary>What a page sends to everyone together, in kbit/s over three seconds (RTP payload and headers).</summary>
    private static async Task<double> UplinkKbpsAsync(CallPage person)
    {
        const string sent = """
            async () => {
              let bytes = 0;
              for (const { connection } of window.__parley.peerConnections()) {
                (await connection.getStats()).forEach(s => {
                  if (s.type === 'outbound-rtp') bytes += (s.bytesSent ?? 0) + (s.headerBytesSent ?? 0);
                });
              }
              return bytes;
            }
            """;
        var before = await person.Page.EvaluateAsync<double>(sent);
        var started = DateTime.UtcNow;
        // The measuring window, not a wait for anything.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var after = await person.Page.EvaluateAsync<double>(sent);
        return (after - before) * 8 / 1000 / (DateTime.UtcNow - started).TotalSeconds;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Parley.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Parley.slnx not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>A server whose rooms hold eight, and a browser of its own.</summary>
    public sealed class RoomOfEightBed() : BrowserTestBed(new ParleyServer("--Signaling:RoomCapacity", "8"));
}
