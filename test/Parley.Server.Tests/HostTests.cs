using System.Net;
using Microsoft.AspNetCore.Hosting;
using Parley.Server.Tests.TestUtils;

namespace Parley.Server.Tests;

[Collection(BrowserTestBedGroup.Name)]
public sealed class HostTests(BrowserTestBed bed)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/r/some-room_1")]
    public async Task ClientPages_ServeTheWebApp(string path)
    {
        using var http = new HttpClient { BaseAddress = bed.Server.BaseAddress };

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"root\">", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownApiPath_Is404_NotTheWebApp()
    {
        using var http = new HttpClient { BaseAddress = bed.Server.BaseAddress };

        using var response = await http.GetAsync(new Uri("/api/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/hubs/signaling")]
    [InlineData("/hubs/signaling/negotiate?negotiateVersion=1")]
    public async Task TheRetiredSignalRHub_Answers404_ForGetAndPost(string path)
    {
        using var http = new HttpClient { BaseAddress = bed.Server.BaseAddress };

        using var get = await http.GetAsync(new Uri(path, UriKind.Relative));
        using var post = await http.PostAsync(new Uri(path, UriKind.Relative), null);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (get.StatusCode, post.StatusCode));
    }

    [Fact]
    public async Task WithoutAnAddress_ParleyListensOnLoopbackPort8080()
    {
        await using var app = ParleyApplication.Create([]);

        Assert.Equal("http://127.0.0.1:8080", app.Configuration[WebHostDefaults.ServerUrlsKey]);
    }

    [Fact]
    public async Task UrlsOnTheCommandLine_OverrideTheDefaultAddress()
    {
        await using var app = ParleyApplication.Create(["--urls", "http://127.0.0.1:9123"]);

        Assert.Equal("http://127.0.0.1:9123", app.Configuration[WebHostDefaults.ServerUrlsKey]);
    }
}
