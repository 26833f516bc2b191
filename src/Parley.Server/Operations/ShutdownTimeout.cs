using Parley.Signaling;

namespace Parley.Server.Operations;

/// <summary>Makes the host wait long enough on shutdown for the signaling drain to finish.</summary>
internal static class ShutdownTimeout
{
    // After the drain, the TURN listeners and Kestrel still need a moment to close.
    private static readonly TimeSpan AfterDrain = TimeSpan.FromSeconds(5);

    public static IServiceCollection CoverSignalingDrain(this IServiceCollection services, IConfiguration configuration)
    {
        var drain = configuration.GetValue($"{SignalingOptions.SectionName}:{nameof(SignalingOptions.DrainTimeout)}", new SignalingOptions().DrainTimeout);
        services.Configure<HostOptions>(host =>
        {
            if (host.ShutdownTimeout < drain + AfterDrain)
            {
                host.ShutdownTimeout = drain + AfterDrain;
            }
        });
        return services;
    }
}
