using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Client;
using Parley.Signaling;

namespace Parley.Testing;

/// <summary>
/// The signaling socket and ICE endpoint (<c>AddParleySignaling</c>, <c>MapParleySignaling</c>) on a real Kestrel
/// listener on a free loopback port, as a test configures it.
/// </summary>
public sealed class SignalingServer : IAsyncDisposable
{
    public const string StunUrl = "stun:stun.parley.test:3478";

    private readonly WebApplication _app;
    private Task? _stopping;

    private SignalingServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server whose configuration has <paramref name="settings"/> on top of the test defaults.</summary>
    public static Task<SignalingServer> StartAsync(params KeyValuePair<string, string?>[] settings) =>
        StartAsync(services: null, settings);

    /// <summary>
    /// Starts a server with services of the test's own (a fake clock, a Redis registry) registered before Parley's,
    /// and <paramref name="settings"/> on top of the test defaults.
    /// </summary>
    public static async Task<SignalingServer> StartAsync(
        Action<IServiceCollection, IConfiguration>? services, params KeyValuePair<string, string?>[] settings)
    {
        var configuration = new Dictionary<string, string?>(SignalingTestSettings.RaisedAbuseLimits)
        {
            ["Ice:Servers:0:Urls:0"] = StunUrl,

            // Rooms of two (the default is four): most signaling tests are of a one-to-one call; a test of larger
            // rooms sets its own capacity.
            ["Signaling:RoomCapacity"] = "2",

            // Short, so tests of a dropped connection see its seat freed in real time without waiting long.
            ["Signaling:ReconnectGracePeriod"] = "00:00:01",

            // Tests stop servers whose clients may still be connected: a short drain keeps that quick.
            ["Signaling:DrainTimeout"] = "00:00:01",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(configuration);
        services?.Invoke(builder.Services, builder.Configuration);
        builder.Services.AddParleySignaling(builder.Configuration);
        var app = builder.Build();
        app.MapParleySignaling();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new SignalingServer(app, new Uri(address));
    }

    /// <summary>A client connected to this server, recording what it hears.</summary>
    public Task<TestPeer> ConnectAsync(ParleyClientOptions? options = null) => TestPeer.ConnectAsync(BaseAddress, options);

    /// <summary>Stops the host as SIGTERM would (the signaling drain included); safe to call more than once.</summary>
    public Task StopAsync() => _stopping ??= _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        // Stopping first lets Kestrel close the sockets while their services still exist.
        await StopAsync();
        await _app.DisposeAsync();
    }
}
