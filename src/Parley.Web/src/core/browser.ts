import { CallController } from './callController';
import type { CallOptions, PreparedCall } from './callController';
import type { DataChannelLike, IceCandidateEventLike, PeerConnectionLike, TrackEventLike, TrackLike } from './peerSession';
import { InsecureContextError } from './mediaErrors';
import { createSessionTokenStore } from './resumeTokens';
import { SocketSignalingClient, signalingSocketUrl } from './socketSignaling';
import type { SocketEvents, SocketLike } from './socketSignaling';

/**
 * Compile-time proof that the browser's events carry what {@link PeerConnectionLike}'s listeners
 * read (`addEventListener` overloads alone are checked too loosely to prove it).
 */
type Holds<T extends true> = T;
export type BrowserEventsFit = [
  Holds<RTCTrackEvent extends TrackEventLike<MediaStream> ? true : false>,
  Holds<RTCPeerConnectionIceEvent extends IceCandidateEventLike ? true : false>,
  Holds<RTCPeerConnection extends PeerConnectionLike<MediaStream> ? true : false>,
  Holds<RTCDataChannel extends DataChannelLike ? true : false>,
  Holds<MediaStreamTrack extends TrackLike ? true : false>,
];

/** The connection to one other person of the call. */
export interface BrowserPeerConnection {
  readonly peerId: string;
  readonly username: string;
  readonly connection: RTCPeerConnection;
}

export interface BrowserCall {
  controller: CallController<MediaStream>;
  /** The `RTCPeerConnection` to the peer who has been here longest, if there is one. */
  peerConnection: () => RTCPeerConnection | null;
  /** The `RTCPeerConnection` to each other person. */
  peerConnections: () => readonly BrowserPeerConnection[];
}

function getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
  if (typeof navigator.mediaDevices === 'undefined') {
    return Promise.reject(new InsecureContextError());
  }
  return navigator.mediaDevices.getUserMedia(constraints);
}

function getDisplayMedia(): Promise<MediaStream> {
  return navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
}

/** Whether this browser can share a screen (desktop browsers; not most phones). */
export function canShareScreen(): boolean {
  return typeof navigator.mediaDevices !== 'undefined' && typeof navigator.mediaDevices.getDisplayMedia === 'function';
}

/** A browser WebSocket reporting to `events`; the server sends text frames only, so anything else is ignored. */
function openBrowserSocket(url: string, events: SocketEvents): SocketLike {
  const socket = new WebSocket(url);
  socket.onopen = () => events.open();
  socket.onmessage = (event: MessageEvent<unknown>) => {
    if (typeof event.data === 'string') {
      events.message(event.data);
    }
  };
  socket.onclose = (event) => events.close(event.code, event.reason);
  return socket;
}

/** A client for the page's own signaling socket (`/ws/signaling`), not yet connected. */
export function createSignalingClient(): SocketSignalingClient {
  return new SocketSignalingClient(signalingSocketUrl(window.location), openBrowserSocket);
}

/**
 * A call wired to the real browser: camera, `RTCPeerConnection`, and the signaling socket; it takes over what the
 * pre-join screen `prepared`, if anything.
 */
export function createBrowserCall(options: CallOptions, prepared: PreparedCall<MediaStream> | null = null): BrowserCall {
  const controller = new CallController<MediaStream>(options, {
    getUserMedia,
    getDisplayMedia: canShareScreen() ? getDisplayMedia : undefined,
    saveReceived: (file) => URL.createObjectURL(file),
    createSignaling: createSignalingClient,
    createPeerConnection: (configuration) => new RTCPeerConnection(configuration),
    trackHeight: (track) => (track instanceof MediaStreamTrack ? (track.getSettings().height ?? null) : null),
    tokens: createSessionTokenStore(),
    warn: (message, detail) => console.warn(`Parley: ${message}`, detail ?? ''),
  }, prepared);
  return {
    controller,
    peerConnection: () => {
      const connection = controller.peerConnection;
      return connection instanceof RTCPeerConnection ? connection : null;
    },
    peerConnections: () =>
      controller.peerConnections.flatMap(({ peerId, username, connection }) =>
        connection instanceof RTCPeerConnection ? [{ peerId, username, connection }] : [],
      ),
  };
}
