using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Parley.Signaling;

/// <summary>
/// Closed registrations of what dependency injection otherwise builds from open generics (<c>IOptions&lt;&gt;</c>,
/// <c>ILogger&lt;&gt;</c>) when the host first resolves it. In the native-AOT release each such resolution closes the
/// implementation with <c>MakeGenericType</c>, which builds the type at run time in NativeAOT's type loader: a quarter
/// of the CPU time to readiness (bench/README.md section 6). Named here, the types are compiled ahead of time. The
/// implementations are the ones the open registrations give, with the same lifetimes; an earlier closed registration
/// of the same service wins.
/// </summary>
public static class ClosedGenericServiceCollectionExtensions
{
    /// <summary>
    /// <c>AddOptions&lt;TOptions&gt;()</c>, with <c>IOptions</c>, <c>IOptionsMonitor</c>, their factory and cache for
    /// <typeparamref name="TOptions"/> registered closed.
    /// </summary>
    public static OptionsBuilder<TOptions> AddClosedOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(this IServiceCollection services)
        where TOptions : class
    {
        var builder = services.AddOptions<TOptions>();

        // OptionsManager is what IOptions<> resolved to before .NET 8's internal UnnamedOptionsManager: both create the
        // value once, on first use, from the factory.
        services.TryAddSingleton<IOptions<TOptions>>(static provider =>
            new OptionsManager<TOptions>(provider.GetRequiredService<IOptionsFactory<TOptions>>()));
        services.TryAddTransient<IOptionsFactory<TOptions>>(static provider => new OptionsFactory<TOptions>(
            provider.GetServices<IConfigureOptions<TOptions>>(),
            provider.GetServices<IPostConfigureOptions<TOptions>>(),
            provider.GetServices<IValidateOptions<TOptions>>()));
        services.TryAddSingleton<IOptionsMonitor<TOptions>>(static provider => new OptionsMonitor<TOptions>(
            provider.GetRequiredService<IOptionsFactory<TOptions>>(),
            provider.GetServices<IOptionsChangeTokenSource<TOptions>>(),
            provider.GetRequiredService<IOptionsMonitorCache<TOptions>>()));
        services.TryAddSingleton<IOptionsMonitorCache<TOptions>>(static _ => new OptionsCache<TOptions>());
        return builder;
    }

    /// <summary><c>ILogger&lt;TCategory&gt;</c> registered closed.</summary>
    public static IServiceCollection AddClosedLogger<TCategory>(this IServiceCollection services)
    {
        services.TryAddSingleton<ILogger<TCategory>>(static provider => new Logger<TCategory>(provider.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
