namespace Parley.Network.Tests.TestUtils;

/// <summary>A machine of the lab: its network namespace and its address there.</summary>
public sealed record LabHost(string Name, string Namespace, string Address);
