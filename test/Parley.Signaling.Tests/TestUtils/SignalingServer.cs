using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Parley.Signaling.Tests.TestUtils;

/// <summary>The signaling hub on a real Kestrel listener on a free loopback port.</summary>
public sealed class SignalingServer : IAsyncLifetime, IAsyncDisposable
{
    public const string StunUrl = "stun:stun.parley.test:3478";

    private readonly Dictionary<string, string?> _settings = new(SignalingTestSettings.RaisedAbuseLimits)
    {
        ["Ice:Servers:0:Urls:0"] = StunUrl,

        // Short, so tests of a dropped connection see its seat freed in real time without waiting long.
        ["Signaling:ReconnectGracePeriod"] = "00:00:01",

        // Tests stop servers whose clients may still be connected: a short drain keeps that quick.
        ["Signaling:DrainTimeout"] = "00:00:01",
    };

    private WebApplication? _app;
    private Action<IServiceCollection>? _services;
    private Task? _stopping;

    /// <summary>Starts a server whose configuration has <paramref name="settings"/> on top of the test defaults.</summary>
    public static Task<SignalingServer> StartAsync(params KeyValuePair<string, string?>[] settings) =>
        StartAsync(services: null, settings);

    /// <summary>Starts a server with services of the test's own (a fake clock) registered before Parley's.</summary>
    public static async Task<SignalingServer> StartAsync(
        Action<IServiceCollection>? services, params KeyValuePair<string, string?>[] settings)
    {
        var server = new SignalingServer { _services = services };
        foreach (var (key, value) in settings)
        {
            server._settings[key] = value;
        }

        await server.InitializeAsync();
        return server;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public Uri HubUrl => new(BaseAddress, SignalingEndpoints.HubPath);

    public IServiceProvider Services => _app!.Services;

    /// <summary>Stops the host as SIGTERM would (the signaling drain included); safe to call once before disposal.</summary>
    public Task StopAsync() => _stopping ??= _app!.StopAsync();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(_settings);
        _services?.Invoke(builder.Services);
        builder.Services.AddParleySignaling(builder.Configuration);
        _app = builder.Build();
        _app.MapParleySignaling();
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        BaseAddress = new Uri(address);
    }

    public async Task<SignalingTestClient> ConnectAsync(Action<Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions>? configure = null)
    {
        var client = new SignalingTestClient(HubUrl, configure);
        await client.StartAsync();
        return client;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            // Stopping first lets Kestrel close the hub's connections while their services still exist.
            await StopAsync();
            await _app.DisposeAsync();
        }
    }
}
