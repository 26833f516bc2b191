using Microsoft.Extensions.DependencyInjection.Extensions;
using Parley.Signaling;

namespace Parley.Server.Tls;

public static class TlsServiceCollectionExtensions
{
    /// <summary>Serves Parley's https:// addresses with the certificate of configuration section <c>Tls</c>, TURN over TLS included.</summary>
    public static IServiceCollection AddParleyTls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddClosedOptions<TlsOptions>().Bind(configuration.GetSection(TlsOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ServerCertificate>();
        services.AddClosedLogger<ServerCertificate>();
        services.AddSingleton<TlsEndpoints>();
        return services;
    }
}
