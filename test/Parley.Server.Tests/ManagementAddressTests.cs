using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Parley.Server.Tests.TestUtils;

namespace Parley.Server.Tests;

/// <summary>
/// The public address answers readiness without saying what each check found (ports, addresses); with
/// <c>Management:Urls</c> set, <c>/metrics</c> and the detailed answers are on that address alone.
/// </summary>
public sealed class ManagementAddressTests
{
    [Fact]
    public async Task PublicReadyz_NamesEachCheckAndItsStatus_ButNoAddressOrPort()
    {
        var server = new ParleyServer();
        await server.InitializeAsync();
        try
        {
            var body = await GetAsync(server.BaseAddress, "/readyz");

            Assert.True(body.Status == HttpStatusCode.OK, $"The public /readyz answered {body.Status}: {body.Text}");
            Assert.Equal(["signaling", "turn", "turn-relay"], Checks(body.Json).Keys.Order());
            Assert.True(!body.Text.Contains("description", StringComparison.Ordinal) && !body.Text.Contains("127.0.0.1", StringComparison.Ordinal)
                && !body.Text.Contains(server.Turn.UdpPort!.Value.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
                $"The public /readyz says what its checks found: {body.Text}");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task WithAManagementAddress_MetricsAndDetailedHealthAreServedThere_AndNotOnThePublicAddress()
    {
        var server = new ParleyServer("--Management:Urls:0", $"http://127.0.0.1:{FreePort.Tcp().ToString(CultureInfo.InvariantCulture)}");
        await server.InitializeAsync();
        try
        {
            var management = server.ManagementAddress!;

            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(server.BaseAddress, "/metrics")).Status);
            var detailed = await GetAsync(management, "/readyz");
            Assert.True(detailed.Status == HttpStatusCode.OK, $"The management /readyz answered {detailed.Status}: {detailed.Text}");
            Assert.True(
                detailed.Json.GetProperty("checks").EnumerateArray().All(c => c.TryGetProperty("description", out var d) && d.GetString()!.Length > 0),
                $"The management /readyz should say what each check found: {detailed.Text}");
            var metrics = await GetAsync(management, "/metrics");
            Assert.True(metrics.Status == HttpStatusCode.OK && metrics.Text.Contains("parley_", StringComparison.Ordinal),
                $"The management address should serve /metrics: {metrics.Status} {metrics.Text[..Math.Min(200, metrics.Text.Length)]}");

            var brief = await GetAsync(server.BaseAddress, "/readyz");
            Assert.True(brief.Status == HttpStatusCode.OK && !brief.Text.Contains("description", StringComparison.Ordinal), $"Public /readyz: {brief.Text}");
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(server.BaseAddress, "/")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(management, "/")).Status);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("ftp://127.0.0.1:21")]
    public void AManagementUrlWithoutItsOwnPort_StopsStart_NamingIt(string url)
    {
        var error = Assert.Throws<OptionsValidationException>(() => ParleyApplication.Create(
            ["--urls", "http://127.0.0.1:0", "--Management:Urls:0", url, "--Logging:LogLevel:Default", "None"]));

        Assert.Contains($"Management:Urls:0 '{url}'", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Checks(JsonElement body) =>
        body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!);

    private static async Task<(HttpStatusCode Status, string Text, JsonElement Json)> GetAsync(Uri server, string path)
    {
        using var http = new HttpClient { BaseAddress = server };
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return (response.StatusCode, text, json);
    }
}
