using System.Security.Cryptography;
using Microsoft.Playwright;
using Parley.Server.Tests.TestUtils;
using static Microsoft.Playwright.Assertions;

namespace Parley.Server.Tests;

/// <summary>Chat and file transfer over the call's DataChannels.</summary>
[Collection(BrowserTestBedGroup.Name)]
public sealed class ChatAndFileTests(BrowserTestBed bed) : BrowserTest(bed)
{
    [Fact]
    public async Task ChatMessage_RoundTrips_WithAnUnreadBadgeUntilTheChatIsOpened()
    {
        var (alice, bob, _) = await StartCallAsync();

        await alice.SendChatAsync("Hello Bob");
        await Expect(alice.Page.GetByLabel("Message", new() { Exact = true })).ToHaveValueAsync("");
        await Expect(alice.Page.GetByRole(AriaRole.Complementary, new() { Name = "Chat" }).GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);

        await Expect(bob.Button("Chat, 1 unread")).ToBeVisibleAsync();
        await bob.OpenPanelAsync("Chat");
        var bobsLog = bob.Page.GetByRole(AriaRole.List, new() { Name = "Chat messages" });
        await Expect(bobsLog).ToContainTextAsync("Hello Bob");
        await Expect(bobsLog).ToContainTextAsync("Alice");
        await Expect(bob.Page.GetByRole(AriaRole.Toolbar).GetByRole(AriaRole.Button, new() { Name = "Chat", Exact = true }))
            .ToBeVisibleAsync();

        await bob.SendChatAsync("Hi Alice");
        await Expect(alice.Page.GetByRole(AriaRole.List, new() { Name = "Chat messages" })).ToContainTextAsync("Hi Alice");
    }

    [Fact]
    public async Task File_RoundTrips_WithTheSameSha256()
    {
        var (alice, bob, _) = await StartCallAsync();
        var bytes = new byte[700 * 1024 + 17];
        new Random(4).NextBytes(bytes);
        var expected = Convert.ToHexStringLower(SHA256.HashData(bytes));

        await alice.OpenPanelAsync("Chat");
        await alice.Page.GetByLabel("Send a file").SetInputFilesAsync(new FilePayload
        {
            Name = "holiday.bin",
            MimeType = "application/octet-stream",
            Buffer = bytes,
        });

        await bob.OpenPanelAsync("Chat");
        var download = bob.Page.GetByRole(AriaRole.Link, new() { Name = "Download holiday.bin" });
        await Expect(download).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Equal(expected, await download.GetAttributeAsync("data-sha256"));
        // Hash what the link really serves, not just what the page claims.
        var served = await download.EvaluateAsync<string>("""
            async a => {
              const bytes = await (await fetch(a.href)).arrayBuffer();
              return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), b => b.toString(16).padStart(2, '0')).join('');
            }
            """);
        Assert.Equal(expected, served);
        await Expect(alice.Page.Locator("[data-transfer-state=done]")).ToContainTextAsync("holiday.bin");
    }
}
