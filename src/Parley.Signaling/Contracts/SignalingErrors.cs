namespace Parley.Signaling.Contracts;

/// <summary>Every error a hub call can answer with; the codes are part of the public protocol (docs/signaling.md).</summary>
public static class SignalingErrors
{
    public static SignalingError InvalidRoom { get; } = new(
        "invalid-room", "A room name is 1 to 64 characters: letters, digits, '_' or '-'.");

    public static SignalingError InvalidUsername { get; } = new(
        "invalid-username", "A name is 1 to 32 printable characters.");

    public static SignalingError InvalidPayload { get; } = new(
        "invalid-payload", "The payload is empty.");

    public static SignalingError PayloadTooLarge { get; } = new(
        "payload-too-large", $"A payload is at most {SignalingLimits.MaxPayloadBytes / 1024} KiB.");

    public static SignalingError InvalidPasscode { get; } = new(
        "invalid-passcode", "A passcode is 1 to 128 characters.");

    public static SignalingError NotJoined { get; } = new(
        "not-joined", "Join a room first.");

    public static SignalingError AlreadyJoined { get; } = new(
        "already-joined", "This connection is already in a room; leave it first.");

    public static SignalingError RoomFull { get; } = new(
        "room-full", "The room is full.");

    public static SignalingError UnknownPeer { get; } = new(
        "unknown-peer", "No such peer in this room.");

    public static SignalingError RateLimited { get; } = new(
        "rate-limited", "Too many calls in a short time; wait a few seconds and try again.");

    public static SignalingError ServerDraining { get; } = new(
        "server-draining", "This server is shutting down; reconnect to join through another one.");

    public static SignalingError TooManyConnections { get; } = new(
        "too-many-connections", "This server has too many connections from your address, or in total.");

    /// <summary>A socket call the server could not complete (its room registry or the other nodes did not answer).</summary>
    public static SignalingError ServerError { get; } = new(
        "server-error", "The server could not complete this call just now; try again in a moment.");

    /// <summary>A socket message that is not a call the server can read; <paramref name="problem"/> says what is wrong.</summary>
    public static SignalingError InvalidCall(string problem) => new("invalid-call", problem);
}
