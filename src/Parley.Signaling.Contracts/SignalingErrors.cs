namespace Parley.Signaling.Contracts;

/// <summary>Every error a call can be refused with; the codes are part of the protocol (docs/signaling.md).</summary>
public static class SignalingErrors
{
    /// <summary><c>invalid-room</c>: the room name is not 1 to 64 letters, digits, '_' or '-'.</summary>
    public static SignalingError InvalidRoom { get; } = new(
        "invalid-room", "A room name is 1 to 64 characters: letters, digits, '_' or '-'.");

    /// <summary><c>invalid-username</c>: the name is empty, too long or holds characters that could hide or spoof it.</summary>
    public static SignalingError InvalidUsername { get; } = new(
        "invalid-username", "A name is 1 to 32 printable characters.");

    /// <summary><c>invalid-payload</c>: a <c>Data</c> or <c>Relay</c> payload that is null or empty.</summary>
    public static SignalingError InvalidPayload { get; } = new(
        "invalid-payload", "The payload is empty.");

    /// <summary><c>payload-too-large</c>: a payload over <see cref="SignalingLimits.MaxPayloadBytes"/> of UTF-8.</summary>
    public static SignalingError PayloadTooLarge { get; } = new(
        "payload-too-large", $"A payload is at most {SignalingLimits.MaxPayloadBytes / 1024} KiB.");

    /// <summary><c>invalid-passcode</c>: an <c>Unlock</c> passcode over <see cref="SignalingLimits.MaxPasscodeLength"/> characters.</summary>
    public static SignalingError InvalidPasscode { get; } = new(
        "invalid-passcode", $"A passcode is 1 to {SignalingLimits.MaxPasscodeLength} characters.");

    /// <summary><c>not-joined</c>: <c>Data</c>, <c>Relay</c> or <c>Leave</c> without a seat.</summary>
    public static SignalingError NotJoined { get; } = new(
        "not-joined", "Join a room first.");

    /// <summary><c>already-joined</c>: a join on a connection that already has a seat.</summary>
    public static SignalingError AlreadyJoined { get; } = new(
        "already-joined", "This connection is already in a room; leave it first.");

    /// <summary><c>room-full</c>: every seat of the room is taken (held seats too).</summary>
    public static SignalingError RoomFull { get; } = new(
        "room-full", "The room is full.");

    /// <summary><c>unknown-peer</c>: <c>Data</c> or <c>Relay</c> to a peer that is not in the caller's room.</summary>
    public static SignalingError UnknownPeer { get; } = new(
        "unknown-peer", "No such peer in this room.");

    /// <summary><c>rate-limited</c>: too many joins or payloads from this connection or its address.</summary>
    public static SignalingError RateLimited { get; } = new(
        "rate-limited", "Too many calls in a short time; wait a few seconds and try again.");

    /// <summary><c>server-draining</c>: a join on a node that is shutting down; reconnect to reach another.</summary>
    public static SignalingError ServerDraining { get; } = new(
        "server-draining", "This server is shutting down; reconnect to join through another one.");

    /// <summary><c>server-error</c>: a call the server could not complete (its room registry or the other nodes did not answer).</summary>
    public static SignalingError ServerError { get; } = new(
        "server-error", "The server could not complete this call just now; try again in a moment.");

    /// <summary><c>invalid-call</c>: a message that is not a call the server can read.</summary>
    /// <param name="problem">What is wrong with it.</param>
    /// <returns>The error, with <paramref name="problem"/> as its message.</returns>
    public static SignalingError InvalidCall(string problem) => new("invalid-call", problem);
}
