using Parley.Signaling.Tests.TestUtils;

namespace Parley.Signaling.Tests;

/// <summary>Hub tests share one loopback server; each test uses rooms of its own.</summary>
[CollectionDefinition(Name)]
public sealed class SharedSignalingServer : ICollectionFixture<SignalingServer>
{
    public const string Name = "signaling server";
}
