namespace Parley.Server.Tests.TestUtils;

/// <summary>One Parley server and one Chromium shared by the browser tests; each test opens its own rooms.</summary>
public sealed class BrowserTestBed : IAsyncLifetime
{
    public ParleyServer Server { get; } = new();

    public Chromium Chromium { get; } = new();

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
