using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Text.RegularExpressions;
using Parley.Server.Health;

namespace Parley.Server.Tests;

public sealed partial class ClosedGenericsTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public async Task NodeStart_ClosesNoOpenGenericOverParleysOwnTypes(string signaling)
    {
        using var builtCallSites = new CallSiteListener();
        await using var app = ParleyApplication.Create(
        [
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default", "Warning",
            "--Turn:UdpPort", "0",
            "--Turn:TcpPort", "0",
            "--Turn:SharedSecrets:0", "closed-generics-test",
            "--Signaling:Enabled", signaling,
        ]);
        await app.StartAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.CheckReadinessAsync(deadline.Token);
        await app.StopAsync();

        var built = builtCallSites.ImplementationTypes(app.Services.GetHashCode());
        var closedAtRunTime = built.Where(type => OverParleyType().IsMatch(type)).Order(StringComparer.Ordinal).ToList();

        Assert.True(built.Count > 0, "The dependency injection event source reported no call site: the test saw nothing.");
        Assert.True(closedAtRunTime.Count == 0,
            "Dependency injection closed these open generics over Parley's types at run time (the native build's slow type loader): "
            + string.Join(", ", closedAtRunTime) + ". Register them with AddClosedOptions or AddClosedLogger.");
    }

    // A generic implementation type with a type argument of Parley's, e.g. "Microsoft.Extensions.Options.OptionsFactory`1[Parley.Turn.TurnServerOptions, ...]".
    [GeneratedRegex(@"`\d+\[.*\bParley\.", RegexOptions.CultureInvariant)]
    private static partial Regex OverParleyType();

    /// <summary>The implementation types of the call sites dependency injection builds, per service provider.</summary>
    private sealed partial class CallSiteListener : EventListener
    {
        private readonly ConcurrentQueue<(int Provider, string CallSite)> _callSites = new();

        public HashSet<string> ImplementationTypes(int provider) =>
        [
            .. _callSites.Where(site => site.Provider == provider)
                .SelectMany(site => ImplementationType().Matches(site.CallSite).Select(match => match.Groups[1].Value)),
        ];

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Extensions-DependencyInjection")
            {
                EnableEvents(eventSource, EventLevel.Verbose, EventKeywords.All);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            // CallSiteBuilt(serviceType, callSite, chunkIndex, chunkCount, serviceProviderHashCode)
            if (eventData.EventName == "CallSiteBuilt" && eventData.Payload is [_, string callSite, _, _, int provider])
            {
                _callSites.Enqueue((provider, callSite));
            }
        }

        [GeneratedRegex(@"""implementationType"":\s*""([^""]+)""", RegexOptions.CultureInvariant)]
        private static partial Regex ImplementationType();
    }
}
