using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Parley.Server.Tls;
using Parley.Signaling;
using Parley.Signaling.IceServers;
using Parley.Turn;

namespace Parley.Server.Turn;

public static class EmbeddedTurnServiceCollectionExtensions
{
    /// <summary>
    /// Runs the embedded STUN/TURN server from configuration section <c>Turn</c> and hands browsers its URLs with
    /// fresh credentials. Call before <c>AddParleySignaling</c>, whose defaults this replaces.
    /// </summary>
    public static IServiceCollection AddEmbeddedTurn(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(EmbeddedTurnOptions.SectionName);
        services.AddClosedOptions<EmbeddedTurnOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmbeddedTurnOptions>, EmbeddedTurnOptionsValidator>();
        services.AddClosedOptions<TurnServerOptions>()
            .Bind(section)
            .PostConfigure<IConfiguration>(TurnDefaults.Apply)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TurnServerOptions>, TurnServerOptionsValidation>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EmbeddedTurn>();
        services.AddClosedLogger<EmbeddedTurn>();
        services.AddHostedService(provider => provider.GetRequiredService<EmbeddedTurn>());
        services.AddSingleton<ConfiguredIceServerProvider>();
        services.AddSingleton<EmbeddedTurnIceServerProvider>();
        services.AddSingleton<IIceServerProvider>(static provider => provider.GetRequiredService<EmbeddedTurnIceServerProvider>());
        services.AddSingleton<ProbeRateLimiter>();
        return services;
    }

    /// <summary>
    /// Binds the embedded TURN server's relays to the seats of the room registry (<see cref="SeatRelayGuard"/>). Call
    /// after <c>AddEmbeddedTurn</c> and the room registry, on a node that serves signaling.
    /// </summary>
    public static IServiceCollection AddSeatRelayGuard(this IServiceCollection services)
    {
        services.AddSingleton<SeatRelayGuard>();
        services.AddClosedLogger<SeatRelayGuard>();
        services.AddHostedService(static provider => provider.GetRequiredService<SeatRelayGuard>());
        return services;
    }

    /// <summary>Reports every TURN setting problem at start-up, not when the first browser asks for credentials.</summary>
    private sealed class TurnServerOptionsValidation(IOptions<EmbeddedTurnOptions> embedded, IOptions<TlsOptions> tls) : IValidateOptions<TurnServerOptions>
    {
        public ValidateOptionsResult Validate(string? name, TurnServerOptions options)
        {
            if (!embedded.Value.Enabled)
            {
                return ValidateOptionsResult.Skip;
            }

            // The library names its own properties; here they are settings of the Turn section.
            var errors = options.Validate().Select(error => $"{EmbeddedTurnOptions.SectionName}:{error}").ToList();
            if (!options.EnableUdp && !options.EnableTcp && !tls.Value.IsEnabled)
            {
                errors.Add("Turn: EnableUdp and EnableTcp are both false and no Tls:CertificatePath is set, so browsers could not reach TURN at all.");
            }

            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
