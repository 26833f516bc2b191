import type { MediaFailure } from './mediaErrors';
import type { PeerConnectionView } from './remotePeer';
import type { RoomPhase } from './roomSession';

/** Why a call shows `error`; the components put it into words. */
export type CallError =
  /** The camera or microphone could not be started (other than refused or missing). */
  | { readonly code: 'media'; readonly failure: MediaFailure }
  /** The server refused the join with one of its error codes (docs/signaling.md), other than `room-full`. */
  | { readonly code: 'refused'; readonly serverCode: string; readonly serverMessage: string }
  /** The join could not be asked or answered; `detail` is the signaling client's own message. */
  | { readonly code: 'signaling-failed'; readonly detail: string | null };

/** What the call screen shows; `state` is the status element's `data-state`. */
export type CallStatus =
  | { readonly state: 'connecting-server' }
  | { readonly state: 'waiting' }
  | { readonly state: 'connecting'; readonly peerName: string; readonly recovering?: true }
  /** Connected with everyone else in the room: `peerNames`, the longest connected first. */
  | { readonly state: 'connected'; readonly peerNames: readonly string[] }
  /** ICE found no path on the first attempt; `relayOffered` says whether a TURN server was tried. */
  | { readonly state: 'ice-failed'; readonly peerName: string; readonly relayOffered: boolean }
  | { readonly state: 'peer-reconnecting'; readonly peerName: string }
  | { readonly state: 'peer-left'; readonly peerName: string }
  /** `capacity` is how many people the room holds, where the server said. */
  | { readonly state: 'room-full'; readonly capacity: number | null }
  | { readonly state: 'media-denied' }
  | { readonly state: 'media-missing' }
  | { readonly state: 'server-unreachable' }
  | { readonly state: 'error'; readonly error: CallError };

export type CallState = CallStatus['state'];

/** What the status needs to know of each other person in the call. */
export interface PeerStatusView {
  readonly username: string;
  readonly view: PeerConnectionView;
  readonly away: boolean;
  readonly relayOffered: boolean;
}

export interface CallStatusInputs {
  /** Why the call's camera and microphone could not be opened, if they could not. */
  readonly media: MediaFailure | null;
  /** Where this side's seat in the room stands; `null` before the call starts. */
  readonly room: RoomPhase | null;
  /** Everyone else in the room, the longest connected first. */
  readonly peers: readonly PeerStatusView[];
  /** The name of the last peer who left, while nobody else is here. */
  readonly lastLeft: string | null;
}

/**
 * The one status of a call, from its parts, most decisive first: no devices, no room, not yet in the room, then the
 * other people (the one whose connection most needs attention speaks for the call: a path that failed, then someone
 * reconnecting, then a connection being made; `connected` once everyone is), then who left.
 */
export function deriveCallStatus({ media, room, peers, lastLeft }: CallStatusInputs): CallStatus {
  if (media !== null) {
    switch (media.code) {
      case 'denied':
        return { state: 'media-denied' };
      case 'missing':
        return { state: 'media-missing' };
      default:
        return { state: 'error', error: { code: 'media', failure: media } };
    }
  }
  if (room === null || room.name === 'connecting' || room.name === 'closed') {
    return { state: 'connecting-server' };
  }
  if (room.name === 'failed') {
    const { failure } = room;
    switch (failure.code) {
      case 'unreachable':
        return { state: 'server-unreachable' };
      case 'room-full':
        return { state: 'room-full', capacity: failure.capacity };
      default:
        return { state: 'error', error: failure };
    }
  }
  if (room.name === 'joining' && !room.afterReconnect) {
    return { state: 'connecting-server' };
  }
  if (peers.length > 0) {
    const statuses = peers.map(peerStatus);
    const worst = statuses.reduce((a, b) => (URGENCY[b.state] > URGENCY[a.state] ? b : a));
    return worst.state === 'connected' ? { state: 'connected', peerNames: peers.map((peer) => peer.username) } : worst;
  }
  return lastLeft === null ? { state: 'waiting' } : { state: 'peer-left', peerName: lastLeft };
}

type PeerStatus = Extract<CallStatus, { peerName: string }> | { readonly state: 'connected' };

/** Which peer's status speaks for the call: the higher, the more it needs the person's attention. */
const URGENCY: Record<PeerStatus['state'], number> = {
  connected: 0,
  connecting: 1,
  'peer-reconnecting': 2,
  'ice-failed': 3,
  'peer-left': 0,
};

function peerStatus({ username: peerName, view, away, relayOffered }: PeerStatusView): PeerStatus {
  if (away) {
    return { state: 'peer-reconnecting', peerName };
  }
  switch (view) {
    case 'connecting':
      return { state: 'connecting', peerName };
    case 'recovering':
      return { state: 'connecting', peerName, recovering: true };
    case 'connected':
      return { state: 'connected' };
    case 'ice-failed':
      return { state: 'ice-failed', peerName, relayOffered };
  }
}
