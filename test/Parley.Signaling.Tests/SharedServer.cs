namespace Parley.Signaling.Tests;

/// <summary>One loopback signaling server for the tests of the <see cref="Name"/> collection; each test uses rooms of its own.</summary>
public sealed class SharedServer : IAsyncLifetime
{
    public const string Name = "shared signaling server";

    public SignalingServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await SignalingServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(SharedServer.Name)]
public sealed class SharedServerGroup : ICollectionFixture<SharedServer>;
