using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Parley.Server.Operations;
using Parley.Server.Turn;
using Parley.Signaling.Redis;

namespace Parley.Server.Health;

/// <summary>
/// <c>/healthz</c>: the process serves HTTP (liveness; no check runs). <c>/readyz</c>: every readiness check passes,
/// else 503 (readiness). Both answer JSON naming each check with its status; only on a management address
/// (<see cref="ManagementOptions"/>) does each check also say what it found, since that names ports and addresses.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";

    private const string ReadyTag = "ready";

    /// <summary>Registers the readiness checks that apply to this node's configuration.</summary>
    public static IServiceCollection AddParleyHealthChecks(this IServiceCollection services, IConfiguration configuration, bool signaling)
    {
        var checks = services.AddHealthChecks();
        if (signaling && RedisRoomRegistryOptions.IsConfigured(configuration))
        {
            checks.AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag]);
        }

        if (configuration.GetValue($"{EmbeddedTurnOptions.SectionName}:{nameof(EmbeddedTurnOptions.Enabled)}", defaultValue: true))
        {
            services.AddSingleton<TurnSelfTestHealthCheck>();
            checks.AddCheck<TurnListeningHealthCheck>("turn", tags: [ReadyTag]);
            checks.Add(new HealthCheckRegistration("turn-relay", p => p.GetRequiredService<TurnSelfTestHealthCheck>(), null, [ReadyTag]));
        }

        if (signaling)
        {
            checks.AddCheck<DrainingHealthCheck>("signaling", tags: [ReadyTag]);
        }

        return services;
    }

    public static WebApplication MapParleyHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return app;
    }

    /// <summary>Runs the readiness checks once, as a <c>/readyz</c> probe would, sharing their kept results.</summary>
    public static Task<HealthReport> CheckReadinessAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains(ReadyTag), cancellationToken);
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var detailed = ManagementAddress.IsManagementRequest(context);
        var body = new HealthBody(
            report.Status.ToString(),
            [.. report.Entries.Select(e => detailed
                ? new HealthCheckBody(e.Key, e.Value.Status.ToString(), e.Value.Description, e.Value.Duration.TotalMilliseconds)
                : new HealthCheckBody(e.Key, e.Value.Status.ToString(), null, null))]);
        return JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJsonContext.Default.HealthBody, context.RequestAborted);
    }
}
