using Microsoft.Extensions.Options;
using Parley.Server.Health;
using Parley.Signaling;

namespace Parley.Server.Operations;

/// <summary>
/// Keeps the operators' answers off the public address once <c>Management:Urls</c> is set: there, <c>/metrics</c> is
/// not found; on a management address only the operations endpoints are served (not the web app or signaling).
/// The detailed health answers (<see cref="HealthEndpoints"/>) are only ever given on a management address.
/// </summary>
public static class ManagementAddress
{
    private static readonly string[] OperationsPaths = [ParleyTelemetry.MetricsPath, HealthEndpoints.LivePath, HealthEndpoints.ReadyPath];

    /// <summary>Adds the management URLs to the addresses Kestrel listens on; <paramref name="publicUrls"/> are the others.</summary>
    public static void Listen(WebApplicationBuilder builder, string publicUrls)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var management = builder.Configuration.GetSection(ManagementOptions.SectionName).Get<ManagementOptions>();
        if (management is { IsEnabled: true })
        {
            if (string.IsNullOrWhiteSpace(publicUrls))
            {
                // Kestrel takes either its Endpoints section or http_ports, or urls: the two would not add up.
                throw new OptionsValidationException(ManagementOptions.SectionName, typeof(ManagementOptions),
                    ["Management:Urls needs the web addresses in urls (--urls), not in Kestrel:Endpoints, http_ports or https_ports."]);
            }

            builder.WebHost.UseUrls([.. publicUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), .. management.Urls]);
        }
    }

    public static IServiceCollection AddParleyManagement(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddClosedOptions<ManagementOptions>()
            .Bind(configuration.GetSection(ManagementOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ManagementOptions>, ManagementOptionsValidator>();
        return services;
    }

    /// <summary>Whether <paramref name="context"/> came in on a management address.</summary>
    public static bool IsManagementRequest(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.RequestServices.GetRequiredService<IOptions<ManagementOptions>>().Value;
        return options.IsEnabled && options.Ports().Contains(context.Connection.LocalPort);
    }

    public static WebApplication UseParleyManagementAddress(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value;
        if (!options.IsEnabled)
        {
            return app;
        }

        var ports = options.Ports();
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            var servedHere = ports.Contains(context.Connection.LocalPort)
                ? OperationsPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase))
                : !path.Equals(ParleyTelemetry.MetricsPath, StringComparison.OrdinalIgnoreCase);
            if (servedHere)
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }
}
