using Parley.Signaling;

namespace Parley.Server.Signaling;

public static class DirectSignalingServiceCollectionExtensions
{
    /// <summary>
    /// Serves the signaling WebSocket below HTTP on every web address (<see cref="DirectSignaling"/>). Call after
    /// <c>AddParleySignaling</c>, <c>AddParleyProxy</c> and <c>AddParleyConnectionLimits</c>.
    /// </summary>
    public static IServiceCollection AddDirectSignaling(this IServiceCollection services)
    {
        services.AddSingleton<WebSocketBudget>();
        services.AddSingleton<UpgradeChecks>();
        services.AddSingleton<DirectSignaling>();
        services.AddClosedLogger<DirectSignaling>();
        return services;
    }
}
