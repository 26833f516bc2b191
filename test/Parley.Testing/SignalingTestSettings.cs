namespace Parley.Testing;

/// <summary>Configuration shared by the signaling servers the tests start.</summary>
public static class SignalingTestSettings
{
    /// <summary>
    /// Per-address abuse limits raised out of reach: every test client shares 127.0.0.1. A test of the limits sets
    /// its own on top.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> RaisedAbuseLimits { get; } = new Dictionary<string, string?>
    {
        ["Signaling:Abuse:JoinsPerAddress:Burst"] = "100000",
        ["Signaling:Abuse:JoinsPerAddress:PerSecond"] = "100000",
        ["Signaling:Abuse:DataPerAddress:Burst"] = "100000",
        ["Signaling:Abuse:DataPerAddress:PerSecond"] = "100000",
        ["Signaling:Abuse:MaxConnectionsPerAddress"] = "10000",
    };
}
