using System.Net;
using Microsoft.Playwright;
using Parley.Server.Tests.TestUtils;
using static Microsoft.Playwright.Assertions;

namespace Parley.Server.Tests;

/// <summary>
/// The web app's security headers are sent, and its Content-Security-Policy leaves a whole call working: no
/// violation is reported by a page that loads, joins, carries media and chats.
/// </summary>
[Collection(BrowserTestBedGroup.Name)]
public sealed class SecurityHeadersTests(BrowserTestBed bed) : BrowserTest(bed)
{
    // Recorded from the first script on: a violation while the page loads counts too.
    private const string RecordViolations = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
          window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
        """;

    [Theory]
    [InlineData("/")]
    [InlineData("/r/some-room")]
    [InlineData("/api/ice-servers")]
    [InlineData("/healthz")]
    public async Task EveryAnswer_CarriesTheSecurityHeaders_AndNoHstsOverPlainHttp(string path)
    {
        using var http = new HttpClient { BaseAddress = Bed.Server.BaseAddress };

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS sent over plain HTTP, where browsers ignore it and nothing proves the host");
    }

    [Fact]
    public async Task ACallWithChat_ReportsNoContentSecurityPolicyViolation()
    {
        var alice = await NewPersonAsync();
        var bob = await NewPersonAsync();
        var console = new List<string>();
        foreach (var page in new[] { alice.Page, bob.Page })
        {
            await page.AddInitScriptAsync(RecordViolations);
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    lock (console)
                    {
                        console.Add(message.Text);
                    }
                }
            };
        }

        await StartCallAsync(alice, bob);
        await alice.SendChatAsync("Hello Bob");
        await bob.OpenPanelAsync("Chat");
        await Expect(bob.Page.GetByRole(AriaRole.List, new() { Name = "Chat messages" })).ToContainTextAsync("Hello Bob");

        var violations = (await alice.Page.EvaluateAsync<string[]>("() => window.__cspViolations"))
            .Concat(await bob.Page.EvaluateAsync<string[]>("() => window.__cspViolations"));
        lock (console)
        {
            Assert.True(!violations.Any() && console.Count == 0,
                $"The call page broke its own Content-Security-Policy: {string.Join("; ", violations.Concat(console))}");
        }
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : $"(no {name} header)";
}
