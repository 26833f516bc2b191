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

    public static IServiceCollection AddParleyTelemetry(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SignalingMetrics.MeterName, TurnServer.MeterName, ConnectionMetrics.MeterName, "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        return services;
    }

    public static WebApplication MapParleyMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
