namespace Parley.Client;

/// <summary>The seat a <see cref="ParleyClient"/> holds, which it resumes by itself after a reconnect.</summary>
/// <param name="Room">The room.</param>
/// <param name="Username">The name it joined with.</param>
/// <param name="PeerId">Its id in the room.</param>
/// <param name="ResumeToken">
/// The seat's secret: keep it to <c>Rejoin</c> the seat from a new client (after a restart) within the server's
/// reconnect grace period.
/// </param>
public sealed record ParleySeat(string Room, string Username, string PeerId, string ResumeToken);
