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
    /// Tag combinations kept per metric; measurements past them are summed under <c>otel_metric_overflow="true"</c>.
    /// OpenTelemetry reserves its default of 2,000 up front for every instrument, zeroed (points and lookup tables):
    /// 3.6 MiB of a TURN-only node's RSS for its 22 instruments (bench/turn), whose tags (directions, reasons, error
    /// codes, Kestrel's endpoints and protocols) take tens of combinations.
    /// </summary>
    public const int CardinalityLimit = 200;

    public static IServiceCollection AddParleyTelemetry(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SignalingMetrics.MeterName, TurnServer.MeterName, ConnectionMetrics.MeterName, "Microsoft.AspNetCore.Server.Kestrel")
            .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = CardinalityLimit })
            .AddPrometheusExporter());
        return services;
    }

    public static WebApplication MapParleyMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
