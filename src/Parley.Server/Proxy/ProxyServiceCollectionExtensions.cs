using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Parley.Signaling;

namespace Parley.Server.Proxy;

public static class ProxyServiceCollectionExtensions
{
    /// <summary>Reads configuration section <c>Proxy</c> and sets ASP.NET Core's forwarded headers up to trust only its proxies.</summary>
    public static IServiceCollection AddParleyProxy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddClosedOptions<ProxyOptions>()
            .Bind(configuration.GetSection(ProxyOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        services.AddSingleton<TrustedProxies>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<TrustedProxies>((forwarded, proxies) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // ASP.NET Core trusts loopback by default: only the operator's list counts.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in proxies.Networks)
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            // Walked from the right while the hop that added an entry is trusted, so a proxy behind a trusted load
            // balancer works, and whatever a client wrote in the header itself is never reached.
            forwarded.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>
    /// Takes the client's address and scheme from the forwarded headers of a trusted proxy, before anything reads
    /// them (signaling admission and limits, HSTS, logs). Without trusted proxies the headers are ignored.
    /// </summary>
    public static WebApplication UseParleyForwardedHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<TrustedProxies>().Any)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
