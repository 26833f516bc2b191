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
