using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Exporter;
using Parley.Signaling;

namespace Parley.Server.Operations;

public static class FrameworkClosedGenerics
{
    /// <summary>
    /// Registers closed the options and loggers that ASP.NET Core, hosting, logging and OpenTelemetry resolve from open
    /// generics while a node starts (<see cref="ClosedGenericServiceCollectionExtensions"/>: types built at run time
    /// by the native release's type loader otherwise). The public ones only: internal types of the framework still
    /// take the open registrations. A type missing here costs start-up time, nothing else.
    /// </summary>
    public static IServiceCollection AddFrameworkClosedGenerics(this IServiceCollection services)
    {
        services.AddClosedOptions<HostOptions>();
        services.AddClosedOptions<ConsoleLifetimeOptions>();
        services.AddClosedOptions<LoggerFilterOptions>();
        services.AddClosedOptions<LoggerFactoryOptions>();
        services.AddClosedOptions<ConsoleLoggerOptions>();
        services.AddClosedOptions<ConsoleFormatterOptions>();
        services.AddClosedOptions<SimpleConsoleFormatterOptions>();
        services.AddClosedOptions<JsonConsoleFormatterOptions>();
        services.AddClosedOptions<MetricsOptions>();
        services.AddClosedOptions<KestrelServerOptions>();
        services.AddClosedOptions<SocketTransportOptions>();
        services.AddClosedOptions<HostFilteringOptions>();
        services.AddClosedOptions<ForwardedHeadersOptions>();
        services.AddClosedOptions<RouteOptions>();
        services.AddClosedOptions<RouteHandlerOptions>();
        services.AddClosedOptions<JsonOptions>();
        services.AddClosedOptions<FormOptions>();
        services.AddClosedOptions<StaticFileOptions>();
        services.AddClosedOptions<DefaultFilesOptions>();
        services.AddClosedOptions<HealthCheckServiceOptions>();
        services.AddClosedOptions<HealthCheckPublisherOptions>();
        services.AddClosedOptions<PrometheusAspNetCoreOptions>();
        services.AddClosedLogger<KestrelServer>();
        services.AddClosedLogger<HostFilteringMiddleware>();
        return services;
    }
}
