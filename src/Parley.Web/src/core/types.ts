/**
 * Wire types of Parley's signaling protocol (docs/signaling.md), as the web client uses them. They come from
 * `contract.generated.ts`, which is generated from the server's C# contract: change the contract there, never here.
 */
import type { IceServersResponse, JoinResult as WireJoinResult } from './contract.generated';

export type {
  DataMessage,
  IceServer,
  PeerInfo,
  ReadyPeer,
  RefusedCall,
  SignalingError,
  SignalingErrorCode,
  SignalingResult,
} from './contract.generated';
export { SignalingErrors as ErrorCodes } from './contract.generated';

/** Argument of the `IceServers` event: fresh ICE servers for this seat, before its TURN credentials expire. */
export interface IceServersRenewal extends Omit<IceServersResponse, 'iceTransportPolicy'> {
  iceTransportPolicy: RTCIceTransportPolicy;
}

/** Argument of the `Data` event: `from` is stamped by the server. */
export type { DataMessage as DataEvent } from './contract.generated';

/** A `Join`/`Rejoin`/`Resume` answer as the client reads it: an ICE transport policy it does not know counts as `all`. */
export interface JoinResult extends Omit<WireJoinResult, 'iceTransportPolicy'> {
  /** `relay` sends every call through TURN (the server's `Ice:TransportPolicy`). */
  iceTransportPolicy: RTCIceTransportPolicy;
}

/**
 * What Parley's client puts in a `Data` payload (as JSON): a session description or an ICE
 * candidate, the latter `null` at the end of candidates; `renew`: the sender has replaced its connection with
 * the receiver (a stalled one) and offers a new one next, so the receiver replaces its side too; `renewed`: the
 * receiver of `renew` has, and all it sends from here on is for the new connection.
 */
export type SignalMessage =
  | { description: RTCSessionDescriptionInit }
  | { candidate: RTCIceCandidateInit | null }
  | { renew: true }
  | { renewed: true };
