using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Parley.Server.Tests.TestUtils;

/// <summary>What a page of a group call receives from each other person, from each connection's getStats().</summary>
public sealed record PeerMedia(string Username, long FramesDecoded, long AudioPacketsReceived, string ConnectionState);

/// <summary>Steps of a group call: the media from each other person, and their tiles.</summary>
public static class GroupCall
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Inbound media per other person, through <c>window.__parley.peerConnections()</c>.</summary>
    public static async Task<IReadOnlyList<PeerMedia>> PeerMediaAsync(this CallPage person)
    {
        var json = await person.Page.EvaluateAsync<string>("""
            async () => {
              const peers = window.__parley?.peerConnections() ?? [];
              const result = [];
              for (const { username, connection } of peers) {
                const media = { username, framesDecoded: 0, audioPacketsReceived: 0, connectionState: connection.connectionState };
                (await connection.getStats()).forEach(s => {
                  if (s.type !== 'inbound-rtp') return;
                  if (s.kind === 'video') media.framesDecoded += s.framesDecoded ?? 0;
                  if (s.kind === 'audio') media.audioPacketsReceived += s.packetsReceived ?? 0;
                });
                result.push(media);
              }
              return JSON.stringify(result);
            }
            """);
        return JsonSerializer.Deserialize<List<PeerMedia>>(json, JsonSerializerOptions.Web)!;
    }

    /// <summary>
    /// Waits until video frames are decoded and audio packets arrive from each of <paramref name="names"/> (beyond
    /// <paramref name="since"/>), and from nobody else; from those in <paramref name="audioOnly"/>, audio alone.
    /// </summary>
    public static async Task<IReadOnlyList<PeerMedia>> ExpectMediaFromAsync(
        this CallPage person, IReadOnlyCollection<string> names, IReadOnlyList<PeerMedia>? since = null, IReadOnlyCollection<string>? audioOnly = null)
    {
        IReadOnlyList<PeerMedia> media = [];
        await Eventually.HoldsAsync(
            async () =>
            {
                media = await person.PeerMediaAsync();
                return media.Count == names.Count
                    && names.All(name => media.Any(m => m.Username == name
                        && Grew(m, since?.FirstOrDefault(s => s.Username == name), video: audioOnly?.Contains(name) != true)));
            },
            () => $"Media from {string.Join(", ", names)} did not all arrive: {string.Join("; ", media)}",
            MediaTimeout);
        return media;
    }

    /// <summary>The tiles of the other people, by their names.</summary>
    public static ILocator Tile(this CallPage person, string name) =>
        person.Page.GetByRole(AriaRole.List, new() { Name = "People in the call" })
            .Locator("li[data-peer-id]").Filter(new() { Has = person.Page.Locator(".tile__name", new() { HasTextString = name }) });

    /// <summary>Waits until the page shows exactly these other people, each connected.</summary>
    public static async Task ExpectTilesAsync(this CallPage person, params string[] names)
    {
        var tiles = person.Page.Locator("li[data-peer-id]");
        try
        {
            await Expect(tiles).ToHaveCountAsync(names.Length, new() { Timeout = (float)MediaTimeout.TotalMilliseconds });
            foreach (var name in names)
            {
                await Expect(person.Tile(name)).ToHaveAttributeAsync(
                    "data-peer-state", "connected", new() { Timeout = (float)MediaTimeout.TotalMilliseconds });
            }
        }
        catch (PlaywrightException e)
        {
            throw await person.ExplainedAsync(e);
        }
    }

    /// <summary>
    /// Opens the stats panel and waits until it lists exactly these other people, each with the path ICE chose for
    /// their connection (host, srflx or relay).
    /// </summary>
    public static async Task ExpectStatsPathsAsync(this CallPage person, params string[] names)
    {
        await person.OpenPanelAsync("Statistics");
        var panel = person.Page.GetByRole(AriaRole.Complementary, new() { Name = "Call statistics" });
        var timeout = new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)MediaTimeout.TotalMilliseconds };
        await Expect(panel.Locator("[data-stats-peer]")).ToHaveCountAsync(names.Length);
        foreach (var name in names)
        {
            var connection = panel.GetByRole(AriaRole.Region, new() { Name = name, Exact = true });
            await Expect(connection.Locator("[data-stat=path]")).ToHaveAttributeAsync(
                "data-path", new System.Text.RegularExpressions.Regex("^(host|srflx|relay)$"), timeout);
        }
    }

    private static bool Grew(PeerMedia now, PeerMedia? before, bool video) =>
        (!video || now.FramesDecoded > (before?.FramesDecoded ?? 0)) && now.AudioPacketsReceived > (before?.AudioPacketsReceived ?? 0);
}
