import { classifyMediaError, describeMediaError, errorMessage } from './mediaErrors';
import { PeerSession } from './peerSession';
import type { PeerConnectionLike, PeerConnectionStatus, StreamLike } from './peerSession';
import type { ResumeTokenStore } from './resumeTokens';
import type { SignalingChannel } from './signalingClient';
import { ErrorCodes } from './types';
import type { DataEvent, IceServer, JoinResult, PeerInfo } from './types';

/** What the call screen shows; `state` is the status element's `data-state`. */
export type CallStatus =
  | { state: 'connecting-server' }
  | { state: 'waiting' }
  | { state: 'connecting'; peerName: string }
  | { state: 'connected'; peerName: string }
  | { state: 'peer-left'; peerName: string }
  | { state: 'room-full'; message: string }
  | { state: 'media-denied' }
  | { state: 'media-missing' }
  | { state: 'server-unreachable' }
  | { state: 'error'; message: string };

export type CallState = CallStatus['state'];

export interface CallSnapshot<S> {
  readonly status: CallStatus;
  readonly localStream: S | null;
  readonly remoteStream: S | null;
}

export interface CallDependencies<S extends StreamLike> {
  getUserMedia: (constraints: MediaStreamConstraints) => Promise<S>;
  createSignaling: () => SignalingChannel;
  createPeerConnection: (configuration: RTCConfiguration) => PeerConnectionLike<S>;
  tokens: ResumeTokenStore;
  /** How long a newcomer waits for the first offer before making its own (tests shorten it). */
  remoteOfferTimeoutMs?: number;
  /** Where non-fatal problems go (a failed candidate, a refused `Data`). */
  warn?: (message: string, detail?: unknown) => void;
}

export interface CallOptions {
  room: string;
  username: string;
}

type SignalingEvent =
  | { kind: 'ready'; peer: PeerInfo }
  | { kind: 'data'; event: DataEvent }
  | { kind: 'peer-left'; peer: PeerInfo };

export const MEDIA_CONSTRAINTS: MediaStreamConstraints = { video: true, audio: true };

function toRtcConfiguration(iceServers: IceServer[], iceTransportPolicy: RTCIceTransportPolicy): RTCConfiguration {
  return {
    iceTransportPolicy,
    iceServers: iceServers.map((server) => {
      const rtc: RTCIceServer = { urls: server.urls };
      if (server.username !== undefined) {
        rtc.username = server.username;
      }
      if (server.credential !== undefined) {
        rtc.credential = server.credential;
      }
      return rtc;
    }),
  };
}

/**
 * One person's part in one room: local media, the hub connection, and a {@link PeerSession} for
 * the remote peer. It is React-free; subscribe to it and read {@link getSnapshot}.
 */
export class CallController<S extends StreamLike = MediaStream> {
  private readonly options: CallOptions;
  private readonly deps: CallDependencies<S>;
  private readonly listeners = new Set<() => void>();
  private snapshot: CallSnapshot<S> = {
    status: { state: 'connecting-server' },
    localStream: null,
    remoteStream: null,
  };
  private signaling: SignalingChannel | null = null;
  private unsubscribe: (() => void) | null = null;
  private session: PeerSession<S> | null = null;
  private sessionConnection: PeerConnectionLike<S> | null = null;
  private remotePeer: PeerInfo | null = null;
  private localPeerId: string | null = null;
  private configuration: RTCConfiguration = {};
  /** Events that arrived while `Join` was still in flight; replayed once it returns. */
  private earlyEvents: SignalingEvent[] | null = [];
  private started = false;
  private disposed = false;

  constructor(options: CallOptions, deps: CallDependencies<S>) {
    this.options = options;
    this.deps = deps;
  }

  getSnapshot = (): CallSnapshot<S> => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** The connection to the remote peer, while there is one. */
  get peerConnection(): PeerConnectionLike<S> | null {
    return this.session === null || this.session.isClosed ? null : this.sessionConnection;
  }

  /** Gets the camera and microphone, connects to the hub and joins the room. */
  async start(): Promise<void> {
    if (this.started) {
      return;
    }
    this.started = true;

    let stream: S;
    try {
      stream = await this.deps.getUserMedia(MEDIA_CONSTRAINTS);
    } catch (error) {
      const failure = classifyMediaError(error);
      this.setStatus(
        failure === 'error' ? { state: 'error', message: describeMediaError(error) } : { state: failure },
      );
      return;
    }
    if (this.disposed) {
      stopTracks(stream);
      return;
    }
    this.update({ localStream: stream });

    const signaling = this.deps.createSignaling();
    this.signaling = signaling;
    this.unsubscribe = signaling.subscribe({
      onReady: (peer) => this.dispatch({ kind: 'ready', peer }),
      onData: (event) => this.dispatch({ kind: 'data', event }),
      onPeerLeft: (peer) => this.dispatch({ kind: 'peer-left', peer }),
      onClose: () => this.handleConnectionLost(),
    });

    try {
      await signaling.connect();
    } catch {
      if (!this.disposed) {
        this.setStatus({ state: 'server-unreachable' });
      }
      return;
    }
    if (this.disposed) {
      return;
    }

    let result: JoinResult;
    const { room, username } = this.options;
    const token = this.deps.tokens.get(room);
    try {
      result =
        token === null ? await signaling.join(room, username) : await signaling.rejoin(room, username, token);
    } catch (error) {
      if (!this.disposed && this.snapshot.status.state !== 'server-unreachable') {
        this.setStatus({ state: 'error', message: errorMessage(error) });
      }
      return;
    }
    if (this.disposed) {
      return;
    }
    if (result.error !== null || result.peerId === null) {
      this.setStatus(
        result.error?.code === ErrorCodes.roomFull
          ? { state: 'room-full', message: result.error.message }
          : { state: 'error', message: result.error?.message ?? 'The server did not accept the call.' },
      );
      return;
    }

    this.localPeerId = result.peerId;
    this.configuration = toRtcConfiguration(result.iceServers, result.iceTransportPolicy);
    if (result.resumeToken !== null) {
      this.deps.tokens.set(room, result.resumeToken);
    }

    const firstPeer = result.peers.find((peer) => peer.peerId !== result.peerId);
    if (firstPeer === undefined) {
      this.setStatus({ state: 'waiting' });
    } else {
      // The peer already in the room makes the first offer (it gets our Ready); we answer it.
      this.startSession(firstPeer, true);
    }

    const early = this.earlyEvents ?? [];
    this.earlyEvents = null;
    for (const event of early) {
      this.handle(event);
    }
  }

  /** Makes the local side start a new negotiation (used by the end-to-end tests to force glare). */
  renegotiate(): void {
    this.session?.renegotiate();
  }

  /**
   * Leaves the room, stops the camera and microphone and closes the peer connection. Resolves
   * once the hub connection is closed; the local part is done synchronously.
   */
  async dispose(): Promise<void> {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.closeSession();
    if (this.snapshot.localStream !== null) {
      stopTracks(this.snapshot.localStream);
    }
    this.listeners.clear();

    const signaling = this.signaling;
    this.signaling = null;
    if (signaling === null) {
      return;
    }
    try {
      if (this.localPeerId !== null) {
        await signaling.leave();
        // The seat is given up: a later visit is a fresh Join.
        this.deps.tokens.delete(this.options.room);
      }
    } catch (error) {
      // Closing the connection takes us out of the room as well.
      this.warn('Leave failed', error);
    }
    try {
      await signaling.disconnect();
    } catch (error) {
      this.warn('Disconnecting from the server failed', error);
    }
  }

  private dispatch(event: SignalingEvent): void {
    if (this.disposed) {
      return;
    }
    if (this.earlyEvents !== null) {
      this.earlyEvents.push(event);
      return;
    }
    this.handle(event);
  }

  private handle(event: SignalingEvent): void {
    switch (event.kind) {
      case 'ready':
        if (event.peer.peerId !== this.localPeerId) {
          // A new peer, or the same one back after a reload: negotiate from scratch.
          this.startSession(event.peer, false);
        }
        return;
      case 'data':
        if (this.session !== null && event.event.from === this.session.remotePeerId) {
          void this.session.handlePayload(event.event.payload);
        }
        return;
      case 'peer-left':
        if (this.remotePeer !== null && event.peer.peerId === this.remotePeer.peerId) {
          const name = event.peer.username || this.remotePeer.username;
          this.closeSession();
          this.setStatus({ state: 'peer-left', peerName: name });
        }
        return;
    }
  }

  private startSession(peer: PeerInfo, awaitRemoteOffer: boolean): void {
    const localPeerId = this.localPeerId;
    const signaling = this.signaling;
    if (localPeerId === null || signaling === null) {
      return;
    }
    this.closeSession();

    const pc = this.deps.createPeerConnection(this.configuration);
    this.remotePeer = peer;
    this.sessionConnection = pc;
    const session: PeerSession<S> = new PeerSession<S>({
      pc,
      localPeerId,
      remotePeerId: peer.peerId,
      localStream: this.snapshot.localStream,
      awaitRemoteOffer,
      remoteOfferTimeoutMs: this.deps.remoteOfferTimeoutMs,
      send: (message) => {
        signaling.send(peer.peerId, message).then(
          (error) => {
            if (error !== null) {
              this.warn(`The server refused a message to ${peer.username}: ${error.message}`);
            }
          },
          (error: unknown) => this.warn('Sending a message failed', error),
        );
      },
      onRemoteStream: (stream) => {
        if (this.session === session) {
          this.update({ remoteStream: stream });
        }
      },
      onStatusChange: (status) => {
        if (this.session === session) {
          this.handlePeerStatus(peer, status);
        }
      },
      onError: (error) => this.warn('Negotiation step failed', error),
    });
    this.session = session;
    this.setStatus({ state: 'connecting', peerName: peer.username });
  }

  private handlePeerStatus(peer: PeerInfo, status: PeerConnectionStatus): void {
    switch (status) {
      case 'connected':
        this.setStatus({ state: 'connected', peerName: peer.username });
        return;
      case 'connecting':
        this.setStatus({ state: 'connecting', peerName: peer.username });
        return;
      case 'failed':
        this.setStatus({
          state: 'error',
          message: `The connection to ${peer.username} failed. Check your network, then try again.`,
        });
        return;
    }
  }

  private handleConnectionLost(): void {
    if (this.disposed) {
      return;
    }
    this.closeSession();
    // Our seat is a ghost now; a new attempt should take it back rather than wait behind it.
    this.setStatus({ state: 'server-unreachable' });
  }

  private closeSession(): void {
    this.session?.close();
    this.session = null;
    this.sessionConnection = null;
    this.remotePeer = null;
    if (this.snapshot.remoteStream !== null) {
      this.update({ remoteStream: null });
    }
  }

  private setStatus(status: CallStatus): void {
    const current = this.snapshot.status;
    if (JSON.stringify(current) !== JSON.stringify(status)) {
      this.update({ status });
    }
  }

  private update(change: Partial<CallSnapshot<S>>): void {
    if (this.disposed) {
      return;
    }
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of [...this.listeners]) {
      listener();
    }
  }

  private warn(message: string, detail?: unknown): void {
    this.deps.warn?.(message, detail);
  }
}

function stopTracks(stream: StreamLike): void {
  for (const track of stream.getTracks()) {
    track.stop();
  }
}
