/**
 * Wire types of Parley's signaling protocol, as described in docs/signaling.md: the same results and event
 * arguments on the WebSocket `/ws/signaling` this client uses as on the SignalR hub `/hubs/signaling`.
 * Property names are camelCase, as the server sends them on both.
 */

export interface SignalingError {
  code: string;
  message: string;
}

/** Argument of `Refused`: a call without an answer of its own (`Relay`) was refused. */
export interface RefusedCall {
  method: string;
  error: SignalingError;
}

export interface SignalingResult {
  error: SignalingError | null;
}

export interface PeerInfo {
  peerId: string;
  username: string;
}

/** Argument of `Ready`: `resumed` says the peer got its held seat back and kept its peer connection. */
export interface ReadyPeer extends PeerInfo {
  resumed: boolean;
}

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface JoinResult extends SignalingResult {
  /** This connection's id in the room. */
  peerId: string | null;
  /** Secret handed to `Rejoin` after a reload or a dropped connection. */
  resumeToken: string | null;
  room: string | null;
  /** How many peers the room holds. */
  capacity: number;
  /** The peers already in the room, oldest first. */
  peers: PeerInfo[];
  iceServers: IceServer[];
  /** `relay` sends every call through TURN (the server's `Ice:TransportPolicy`). */
  iceTransportPolicy: RTCIceTransportPolicy;
  /** The resume token got this connection its previous seat and peer id back. */
  resumed: boolean;
}

/** Argument of the `IceServers` event: fresh ICE servers for this seat, before its TURN credentials expire. */
export interface IceServersRenewal {
  iceServers: IceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
}

/** Argument of the `Data` event: `from` is stamped by the server. */
export interface DataEvent {
  from: string;
  username: string;
  payload: string;
}

/**
 * What Parley's client puts in a `Data` payload (as JSON): a session description or an ICE
 * candidate, the latter `null` at the end of candidates.
 */
export type SignalMessage =
  | { description: RTCSessionDescriptionInit }
  | { candidate: RTCIceCandidateInit | null };

/** The server's error codes a client can get back (docs/signaling.md, "Error codes"). */
export const ErrorCodes = {
  invalidRoom: 'invalid-room',
  invalidUsername: 'invalid-username',
  invalidPayload: 'invalid-payload',
  payloadTooLarge: 'payload-too-large',
  notJoined: 'not-joined',
  alreadyJoined: 'already-joined',
  roomFull: 'room-full',
  unknownPeer: 'unknown-peer',
} as const;
