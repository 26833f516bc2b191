namespace Parley.Signaling.Contracts;

/// <summary>The <c>Data</c> event: a payload relayed from another peer of the room.</summary>
/// <param name="From">The sender's peer id, stamped by the server: a client cannot speak for another peer.</param>
/// <param name="Username">The sender's name as it joined.</param>
/// <param name="Payload">What the sender relayed, as it sent it (Parley's web client sends JSON).</param>
public sealed record DataMessage(string From, string Username, string Payload);
