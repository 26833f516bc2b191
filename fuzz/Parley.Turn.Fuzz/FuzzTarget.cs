namespace Parley.Turn.Fuzz;

/// <summary>One fuzz target: takes any bytes, and throws only when it finds a bug.</summary>
public delegate void FuzzTarget(ReadOnlySpan<byte> input);

/// <summary>A property a target checks that the code under test broke: always a bug, never bad input.</summary>
public sealed class InvariantViolatedException(string message) : Exception(message);
