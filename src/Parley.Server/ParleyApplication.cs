using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration.Memory;
using Parley.Server.Connections;
using Parley.Server.Health;
using Parley.Server.Operations;
using Parley.Server.Proxy;
using Parley.Server.Signaling;
using Parley.Server.Tls;
using Parley.Server.Turn;
using Parley.Signaling;
using Parley.Signaling.Redis;

namespace Parley.Server;

/// <summary>The composition root: one process serving the web client, the signaling socket and STUN/TURN.</summary>
public static class ParleyApplication
{
    /// <summary>Where Parley listens when neither <c>--urls</c> nor the usual ASP.NET Core settings say otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",

        // Above Information it logs only a failed start, which the host logs too; yet while it is on at all,
        // ASP.NET Core gives every request an Activity and a logging scope, which an open WebSocket holds as long as
        // it lives: about 1 KiB of each idle signaling socket's 16.5 (bench/README.md section 2). Information turns
        // the request log back on.
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "None",
    };

    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });

        // Defaults below every other source, so a release needs no appsettings.json beside it and any source wins.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });

        if (!HasConfiguredAddress(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        ManagementAddress.Listen(builder, builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? string.Empty);

        var signaling = builder.Configuration.GetValue(
            $"{SignalingOptions.SectionName}:{nameof(SignalingOptions.Enabled)}", defaultValue: true);
        builder.Services.AddEmbeddedTurn(builder.Configuration);
        builder.Services.AddParleyTls(builder.Configuration);
        builder.Services.AddParleyProxy(builder.Configuration);
        builder.Services.AddParleyConnectionLimits(builder.Configuration);
        if (signaling)
        {
            // With a Redis, nodes share rooms; without one, rooms live in this process.
            if (RedisRoomRegistryOptions.IsConfigured(builder.Configuration))
            {
                builder.Services.AddParleyRedisRooms(builder.Configuration);
            }

            builder.Services.AddParleySignaling(builder.Configuration);
            builder.Services.AddDirectSignaling();
            builder.Services.AddSeatRelayGuard();
            builder.Services.CoverSignalingDrain(builder.Configuration);
        }

        builder.Services.AddParleyHealthChecks(builder.Configuration, signaling);
        builder.Services.AddParleyTelemetry();
        builder.Services.AddParleyManagement(builder.Configuration);
        builder.Services.AddFrameworkClosedGenerics();

        var app = builder.Build();
        app.UseParleyForwardedHeaders();
        app.UseParleySecurityHeaders();
        app.UseParleyManagementAddress();
        app.MapParleyHealth();
        app.MapParleyMetrics();
        if (signaling)
        {
            app.UseWebClient();
            app.MapParleySignaling();
            app.MapTurnProbe();
        }

        return app;
    }

    /// <summary>The addresses Kestrel actually bound, e.g. after asking for port 0.</summary>
    public static IReadOnlyList<string> ListeningAddresses(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return [.. app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses];
    }

    private static bool HasConfiguredAddress(ConfigurationManager configuration) =>
        !string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
        || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
        || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey])
        || configuration.GetSection("Kestrel:Endpoints").Exists();
}
