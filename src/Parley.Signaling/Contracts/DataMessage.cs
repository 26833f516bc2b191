namespace Parley.Signaling.Contracts;

/// <summary>A relayed payload; <paramref name="From"/> is stamped by the server, never taken from the sender.</summary>
public sealed record DataMessage(string From, string Username, string Payload);
