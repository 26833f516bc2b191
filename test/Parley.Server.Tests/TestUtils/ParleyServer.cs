using Microsoft.AspNetCore.Builder;

namespace Parley.Server.Tests.TestUtils;

/// <summary>The real Parley host (web client, hub) on a free loopback port, in this process.</summary>
public sealed class ParleyServer : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = ParleyApplication.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"]);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.ListeningAddresses().Single());
    }

    public Uri RoomUrl(string room) => new(BaseAddress, "/r/" + room);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
