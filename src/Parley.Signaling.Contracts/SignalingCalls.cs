namespace Parley.Signaling.Contracts;

/// <summary>The names of the calls a client sends (the <c>call</c> of a message).</summary>
public static class SignalingCalls
{
    /// <summary>Sets the passcode the connection's next join uses.</summary>
    public const string Unlock = "Unlock";

    /// <summary>Takes a seat in a room.</summary>
    public const string Join = "Join";

    /// <summary>Takes a seat back after a reload: the others negotiate a new peer connection.</summary>
    public const string Rejoin = "Rejoin";

    /// <summary>Takes a seat back after a dropped connection, keeping the peer connections that still run.</summary>
    public const string Resume = "Resume";

    /// <summary>Relays a payload to a peer of the room, or to all of them, and answers.</summary>
    public const string Data = "Data";

    /// <summary><c>Data</c> without an answer: only a refusal comes back, as a <c>Refused</c> event.</summary>
    public const string Relay = "Relay";

    /// <summary>Gives the seat up.</summary>
    public const string Leave = "Leave";

    /// <summary>Whether <paramref name="call"/> takes a seat and answers a <see cref="JoinResult"/>.</summary>
    /// <param name="call">A call's name.</param>
    /// <returns>True for <c>Join</c>, <c>Rejoin</c> and <c>Resume</c>.</returns>
    public static bool IsJoin(string call) => call is Join or Rejoin or Resume;
}
