using OpenTelemetry.Metrics;
using Parley.Server.Connections;
using Parley.Signaling;
using Parley.Turn;

namespace Parley.Server.Operations;

/// <summary>
/// Collects the libraries' meters (and Kestrel's) with OpenTelemetry and serves them in the Prometheus text format
/// at <c>/metrics</c>. The libraries only use System.Diagnostics.Metrics; OpenTelemetry lives in the host.
/// </summary>
public static class ParleyTelemetry
{
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Distinct tag sets kept per instrument. Every tag here is a small closed set (a refusal reason, an error code,
    /// a listener), far below this. OpenTelemetry's default of 2,000 has it allocate and zero 2,000 points for each
    /// of some 30 instruments at start: in perf, an eighth of the native build's CPU time to the first 200 from /readyz
    /// went to those allocations and the collections they set off (bench/README.md section 6).
    /// </summary>
    private const int TagSetsPerInstrument = 100;

    public static IServiceCollection AddParleyTelemetry(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SignalingMetrics.MeterName, TurnServer.MeterName, ConnectionMetrics.MeterName, "Microsoft.AspNetCore.Server.Kestrel")
            .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = TagSetsPerInstrument })
            .AddPrometheusExporter());
        return services;
    }

    public static WebApplication MapParleyMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
