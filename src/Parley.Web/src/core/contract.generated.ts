// Generated from the C# contract (src/Parley.Signaling.Contracts): the wire contract of Parley's signaling socket (docs/signaling.md).
// Do not edit. test/Parley.Signaling.Tests/Contract/WebContractTests.cs fails while it differs; rewrite it with
//   PARLEY_UPDATE_CONTRACT=1 dotnet test test/Parley.Signaling.Tests -c Release --filter Category=Contract

/** The names of the calls a client sends (the `call` of a message). */
export const SignalingCalls = {
  /** Relays a payload to a peer of the room, or to all of them, and answers. */
  Data: 'Data',
  /** Takes a seat in a room. */
  Join: 'Join',
  /** Gives the seat up. */
  Leave: 'Leave',
  /** Takes a seat back after a reload: the others negotiate a new peer connection. */
  Rejoin: 'Rejoin',
  /** `Data` without an answer: only a refusal comes back, as a `Refused` event. */
  Relay: 'Relay',
  /** Takes a seat back after a dropped connection, keeping the peer connections that still run. */
  Resume: 'Resume',
  /** Sets the passcode the connection's next join uses. */
  Unlock: 'Unlock',
} as const;

export type SignalingCall = (typeof SignalingCalls)[keyof typeof SignalingCalls];

/** The names of the events the server sends a client (the `event` of a message). */
export const SignalingEvents = {
  /** A payload from another peer; the argument is a `DataMessage`. */
  Data: 'Data',
  /**
   * Fresh ICE servers for the caller's peer connections, sent before its TURN credentials expire; the argument is an
   * `IceServersResponse`. Apply them to every peer connection (`setConfiguration`).
   */
  IceServers: 'IceServers',
  /** A peer left, or did not come back in time; the argument is a `PeerInfo`. */
  PeerLeft: 'PeerLeft',
  /** A peer's connection dropped and its seat is held; the argument is a `PeerInfo`. */
  PeerReconnecting: 'PeerReconnecting',
  /** A peer joined the room or came back to its seat; the argument is a `ReadyPeer`. */
  Ready: 'Ready',
  /** The server is shutting down: reconnect (to another node) and resume. No argument. */
  Reconnect: 'Reconnect',
  /** A call without an answer of its own was refused; the argument is a `RefusedCall`. */
  Refused: 'Refused',
} as const;

export type SignalingEvent = (typeof SignalingEvents)[keyof typeof SignalingEvents];

/** Every error a call can be refused with; the codes are part of the protocol (docs/signaling.md). */
export const SignalingErrors = {
  /**
   * `already-joined`: a join on a connection that already has a seat. Message: "This connection is already in a room;
   * leave it first."
   */
  alreadyJoined: 'already-joined',
  /** `invalid-call`: a message that is not a call the server can read. Its message says what is wrong. */
  invalidCall: 'invalid-call',
  /**
   * `invalid-passcode`: an `Unlock` passcode over `SignalingLimits.MaxPasscodeLength` characters. Message: "A
   * passcode is 1 to 128 characters."
   */
  invalidPasscode: 'invalid-passcode',
  /** `invalid-payload`: a `Data` or `Relay` payload that is null or empty. Message: "The payload is empty." */
  invalidPayload: 'invalid-payload',
  /**
   * `invalid-room`: the room name is not 1 to 64 letters, digits, '_' or '-'. Message: "A room name is 1 to 64
   * characters: letters, digits, '_' or '-'."
   */
  invalidRoom: 'invalid-room',
  /**
   * `invalid-username`: the name is empty, too long or holds characters that could hide or spoof it. Message: "A name
   * is 1 to 32 printable characters."
   */
  invalidUsername: 'invalid-username',
  /** `not-joined`: `Data`, `Relay` or `Leave` without a seat. Message: "Join a room first." */
  notJoined: 'not-joined',
  /**
   * `payload-too-large`: a payload over `SignalingLimits.MaxPayloadBytes` of UTF-8. Message: "A payload is at most 64
   * KiB."
   */
  payloadTooLarge: 'payload-too-large',
  /**
   * `rate-limited`: too many joins or payloads from this connection or its address. Message: "Too many calls in a
   * short time; wait a few seconds and try again."
   */
  rateLimited: 'rate-limited',
  /** `room-full`: every seat of the room is taken (held seats too). Message: "The room is full." */
  roomFull: 'room-full',
  /**
   * `server-draining`: a join on a node that is shutting down; reconnect to reach another. Message: "This server is
   * shutting down; reconnect to join through another one."
   */
  serverDraining: 'server-draining',
  /**
   * `server-error`: a call the server could not complete (its room registry or the other nodes did not answer).
   * Message: "The server could not complete this call just now; try again in a moment."
   */
  serverError: 'server-error',
  /**
   * `unknown-peer`: `Data` or `Relay` to a peer that is not in the caller's room. Message: "No such peer in this
   * room."
   */
  unknownPeer: 'unknown-peer',
} as const;

export type SignalingErrorCode = (typeof SignalingErrors)[keyof typeof SignalingErrors];

/** Size limits of the signaling protocol. */
export const SignalingLimits = {
  /**
   * The largest message a client may send on the socket, in bytes: room for a maximal payload even when JSON escaping
   * doubles its bytes, plus the envelope.
   */
  maxMessageBytes: 135168,
  /** The longest passcode of a locked room (`Unlock`), in characters (UTF-16 code units). */
  maxPasscodeLength: 128,
  /** The largest `Data` or `Relay` payload, in UTF-8 bytes. */
  maxPayloadBytes: 65536,
  /** The longest room name, in characters. */
  maxRoomLength: 64,
  /** The longest username, in Unicode characters (code points), after trimming. */
  maxUsernameLength: 32,
} as const;

/** The `Data` event: a payload relayed from another peer of the room. */
export interface DataMessage {
  /** The sender's peer id, stamped by the server: a client cannot speak for another peer. */
  from: string;
  /** The sender's name as it joined. */
  username: string;
  /** What the sender relayed, as it sent it (Parley's web client sends JSON). */
  payload: string;
}

/** One entry of `RTCConfiguration.iceServers`. */
export interface IceServer {
  /** Its `stun:`, `stuns:`, `turn:` or `turns:` URLs. */
  urls: string[];
  /** The TURN user name; absent for STUN. */
  username?: string;
  /** The TURN password; absent for STUN. */
  credential?: string;
}

/**
 * The body of `GET /api/ice-servers` (STUN only) and `GET /api/ice-servers/probe` (a diagnostics relay test's), and
 * the argument of the `IceServers` event (a seat's renewed list).
 */
export interface IceServersResponse {
  /** The ICE servers a peer connection uses. */
  iceServers: IceServer[];
  /** `all`, or `relay` when every call must go through TURN. */
  iceTransportPolicy: string;
}

/**
 * The answer to `Join`, `Rejoin` and `Resume`; when `SignalingResult.Error` is set, the other fields are null or
 * empty (but for `room-full`'s `JoinResult.Capacity`) and nothing changed on the server.
 */
export interface JoinResult {
  /** The caller's id in the room, as the other peers see it. */
  peerId: string | null;
  /**
   * A secret for the caller alone: `Rejoin` or `Resume` with it takes this seat back after a reload or a dropped
   * connection.
   */
  resumeToken: string | null;
  /** The room joined. */
  room: string | null;
  /** How many peers the room holds. */
  capacity: number;
  /** The peers already in the room, oldest first. */
  peers: PeerInfo[];
  /** The ICE servers for the caller's peer connections, with credentials of its own. */
  iceServers: IceServer[];
  /** `all`, or `relay` when every call must go through TURN. */
  iceTransportPolicy: string | null;
  /** Whether the resume token got the caller its previous seat and peer id back. */
  resumed: boolean;
  /** Why the call was refused, or null when it seated the caller. */
  error: SignalingError | null;
}

/** A peer as the other peers see it: in a `JoinResult`, and with `PeerReconnecting` and `PeerLeft`. */
export interface PeerInfo {
  /** Its id in the room. */
  peerId: string;
  /** Its name as it joined. */
  username: string;
}

/** The `Ready` event: a peer joined the room, or came back to its seat. */
export interface ReadyPeer {
  /** Its id in the room. */
  peerId: string;
  /** Its name as it joined. */
  username: string;
  /**
   * True when it resumed its held seat and kept its peer connection (`Resume`): the others keep theirs with it too
   * instead of negotiating a new one.
   */
  resumed: boolean;
}

/**
 * The `Refused` event: a call that has no answer of its own (`Relay`), or a message that could not be read as a call
 * with an id, was refused.
 */
export interface RefusedCall {
  /** The call's name (`Relay`), or empty when none could be read. */
  method: string;
  /** Why it was refused. */
  error: SignalingError;
}

/** Why a call was refused. */
export interface SignalingError {
  /** A stable, machine-readable code (see `SignalingErrors`). */
  code: string;
  /** A sentence for people; it may change between versions. */
  message: string;
}

/** The answer to a call that returns nothing but success or an error (`Unlock`, `Data`, `Leave`). */
export interface SignalingResult {
  /** Why the call was refused, or null when it succeeded. */
  error: SignalingError | null;
}

/** What each event carries as its `arg` (`undefined`: it has none). */
export interface SignalingEventArgs {
  Data: DataMessage;
  IceServers: IceServersResponse;
  PeerLeft: PeerInfo;
  PeerReconnecting: PeerInfo;
  Ready: ReadyPeer;
  Reconnect: undefined;
  Refused: RefusedCall;
}
