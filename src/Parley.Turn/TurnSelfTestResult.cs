namespace Parley.Turn;

/// <summary>What <see cref="TurnSelfTest.RunAsync"/> found: whether a packet went through the relay and back, and why not.</summary>
public sealed record TurnSelfTestResult(bool Succeeded, string Description, TimeSpan Duration);
