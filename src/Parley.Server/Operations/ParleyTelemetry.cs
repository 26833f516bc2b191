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
    /// Distinct tag sets kept per instrument; measurements past them are summed under <c>otel_metric_overflow="true"</c>.
    /// Every tag here is a small closed set (a refusal reason, an error code, a listener, Kestrel's endpoints and
    /// protocols), far below this. OpenTelemetry's default of 2,000 has it allocate and zero 2,000 points and their
    /// lookup tables for each instrument at start: 3.6 MiB of a TURN-only node's RSS (bench/README.md section 3), and an
    /// eighth of the native build's CPU time to the first 200 from /readyz (section 6).
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
