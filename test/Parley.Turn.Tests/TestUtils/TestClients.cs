namespace Parley.Turn.Tests.TestUtils;

/// <summary>Every client a test opens, disposed together when the test ends (declare it after the server it uses).</summary>
internal sealed class TestClients : IAsyncDisposable
{
    private readonly List<TurnTestClient> _clients = [];

    /// <summary>Keeps the client <paramref name="opening"/> gives for disposal, and returns it.</summary>
    public async Task<TurnTestClient> AddAsync(Task<TurnTestClient> opening)
    {
        TurnTestClient client = await opening;
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (TurnTestClient client in _clients)
        {
            await client.DisposeAsync();
        }
    }
}
