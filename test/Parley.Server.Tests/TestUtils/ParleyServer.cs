using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Parley.Server.Operations;
using Parley.Server.Turn;

namespace Parley.Server.Tests.TestUtils;

/// <summary>
/// The real Parley host (web client, signaling socket, embedded STUN/TURN) on free loopback ports, in this process.
/// <paramref name="settings"/> are extra command-line settings such as <c>--Ice:TransportPolicy=relay</c>.
/// With <see cref="ParleyBinary.Variable"/> set, the published executable instead, in its own process.
/// </summary>
public class ParleyServer(params string[] settings) : IAsyncLifetime
{
    public const string TurnSecret = "parley-test-secret";

    private WebApplication? _app;
    private ParleyBinary? _binary;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Where <c>/metrics</c> and the detailed health answers are, when <c>Management:Urls</c> is set.</summary>
    public Uri? ManagementAddress { get; private set; }

    public IServiceProvider Services => _app?.Services
        ?? throw new InvalidOperationException("The server runs as the published executable, whose services live in its own process.");

    /// <summary>Where the embedded STUN/TURN server listens.</summary>
    public EmbeddedTurnEndpoints Turn { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string[] defaults =
        [
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default", "Warning",
            "--Turn:UdpPort", "0",
            "--Turn:TcpPort", "0",
            "--Turn:SharedSecrets:0", TurnSecret,

            // Tests stop servers whose clients may still be connected: a short drain keeps that quick.
            "--Signaling:DrainTimeout", "00:00:01",
        ];
        if (ParleyBinary.Path is { } binary)
        {
            _binary = await ParleyBinary.StartAsync(binary, [.. defaults, .. settings]);
            (BaseAddress, Turn) = (_binary.BaseAddress, _binary.Turn);
            return;
        }

        _app = ParleyApplication.Create([.. defaults, .. settings]);
        await _app.StartAsync();
        var management = _app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value.Ports();
        var addresses = _app.ListeningAddresses().Select(a => new Uri(a)).ToList();
        BaseAddress = addresses.Single(a => !management.Contains(a.Port));
        ManagementAddress = addresses.SingleOrDefault(a => management.Contains(a.Port));
        Turn = _app.Services.GetRequiredService<EmbeddedTurn>().Endpoints
            ?? throw new InvalidOperationException("The embedded TURN server did not start.");
    }

    public Uri RoomUrl(string room) => new(BaseAddress, "/r/" + room);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            // Stopping first lets Kestrel close the sockets while their services still exist.
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_binary is not null)
        {
            await _binary.DisposeAsync();
        }
    }
}
