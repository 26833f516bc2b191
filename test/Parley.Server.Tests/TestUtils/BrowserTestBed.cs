namespace Parley.Server.Tests.TestUtils;

/// <summary>One Parley server and one Chromium shared by browser tests; each test opens its own rooms.</summary>
public class BrowserTestBed : IAsyncLifetime
{
    public BrowserTestBed()
        : this(new ParleyServer())
    {
    }

    protected BrowserTestBed(ParleyServer server)
        : this(server, new Chromium())
    {
    }

    protected BrowserTestBed(ParleyServer server, Chromium chromium)
    {
        Server = server;
        Chromium = chromium;
    }

    public ParleyServer Server { get; }

    public Chromium Chromium { get; }

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        await Chromium.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTestBedGroup : ICollectionFixture<BrowserTestBed>
{
    public const string Name = "browser test bed";
}

/// <summary>
/// Mesh calls of several people, on a bed of their own, run after the parallel collections rather than beside other
/// browsers' calls: with many pages calling in one Chromium on two cores, new peer connections' UDP sockets opened 3 to
/// 23 seconds late, some not before the client's setup deadline replaced the connection, which left pairs connecting.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GroupCallBedGroup : ICollectionFixture<BrowserTestBed>
{
    public const string Name = "group call bed";
}
