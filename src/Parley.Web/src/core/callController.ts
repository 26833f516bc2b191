import { planSending } from './bandwidth';
import { CallData } from './callData';
import type { CallDataState, ChatSendProblem, FileSendProblem } from './callData';
import { deriveCallStatus } from './callStatus';
import type { CallStatus } from './callStatus';
import { DEFAULT_MEDIA_CHOICE } from './devices';
import type { MediaChoice } from './devices';
import type { Digest, OutgoingFile } from './fileTransfer';
import { LocalMedia, stopTracks } from './localMedia';
import type { DeviceKind, MediaDevices, MediaNotice } from './localMedia';
import type { PeerMediaState } from './mediaState';
import type { PeerConnectionLike, StreamLike, TrackLike } from './peerSession';
import type { PeerConnectionView, RemotePeer } from './remotePeer';
import { RemotePeers } from './remotePeers';
import type { ResumeTokenStore } from './resumeTokens';
import { RoomSession } from './roomSession';
import type { RoomPhase } from './roomSession';
import type { SignalingChannel } from './signalingChannel';

/** One other person in the call, as their tile shows them. */
export interface PeerView<S> {
  readonly peerId: string;
  readonly username: string;
  /** Their video and sound, once they arrive. */
  readonly stream: S | null;
  readonly view: PeerConnectionView;
  /** Their signaling connection dropped; the server holds their seat while they come back. */
  readonly away: boolean;
  /** Their microphone, camera and screen share as they told us; `null` until they have. */
  readonly media: PeerMediaState | null;
}

export interface CallSnapshot<S> {
  readonly status: CallStatus;
  readonly localStream: S | null;
  /** Everyone else in the room, the longest connected first. */
  readonly peers: readonly PeerView<S>[];
  /** How many people the room holds, once the server has said (a join, or a refusal because it is full). */
  readonly capacity: number | null;
  /** Whether this side has a microphone / camera in the call at all (audio-only, receive-only). */
  readonly hasMicrophone: boolean;
  readonly hasCamera: boolean;
  readonly microphoneOn: boolean;
  readonly cameraOn: boolean;
  /** The screen being shared instead of the camera, if any. */
  readonly screenStream: S | null;
  /** The signaling connection dropped and the client is reconnecting; the call itself may go on. */
  readonly signalingReconnecting: boolean;
  /** Chat and file transfer. */
  readonly data: CallDataState;
  /** A problem with a control (a device switch, screen share) to show until the next one. */
  readonly notice: MediaNotice | null;
}

export const INITIAL_CALL_DATA: CallDataState = { open: false, chat: [], unreadChat: 0, transfers: [] };

export interface CallDependencies<S extends StreamLike> extends MediaDevices<S> {
  /** One person's whole uplink in kbit/s, split between the peers (by default `UPLINK_BUDGET_KBPS`). */
  uplinkBudgetKbps?: number;
  /** The height of what a video track captures, where the platform can tell. */
  trackHeight?: (track: TrackLike) => number | null;
  /** Makes a received file downloadable (the browser's version returns an object URL). */
  saveReceived?: (file: Blob) => string;
  digest?: Digest;
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
  /** Which devices to use; the default is the default camera and microphone, both on. */
  media?: MediaChoice;
  /** The room's passcode, if it has one: the room is its name and its passcode together. */
  passcode?: string | null;
}

/**
 * What the pre-join screen opened ahead of the call, for the call to take over rather than open again: a camera
 * start and a signaling connection each cost a noticeable part of the time from Join to the first picture.
 */
export interface PreparedCall<S extends StreamLike> {
  /** The preview's camera and microphone, opened for exactly this call's media choice. */
  readonly stream: S | null;
  /** A signaling connection opened (or still opening) while the pre-join screen was shown. */
  readonly signaling: SignalingChannel | null;
}

/**
 * One person's part in one room: {@link LocalMedia} for the camera and microphone, a {@link RoomSession} for the seat,
 * {@link RemotePeers} for a peer connection to each other person and {@link CallData} for chat and files with all of
 * them, composed into one snapshot. What each connection sends follows {@link planSending}, so the uplink adds up to
 * one budget whatever the room's size. It is React-free; subscribe to it and read {@link getSnapshot}.
 */
export class CallController<S extends StreamLike = MediaStream> {
  private readonly options: CallOptions;
  private readonly deps: CallDependencies<S>;
  private readonly listeners = new Set<() => void>();
  private readonly media: LocalMedia<S>;
  private readonly data: CallData;
  private readonly peers: RemotePeers<S>;
  private room: RoomSession | null = null;
  /** The room's capacity as the server last said it. */
  private capacity: number | null = null;
  /** The views of the peers as last composed, reused while nothing about a peer changed. */
  private peerViews: readonly PeerView<S>[] = [];
  /** Owned by this call from construction on, until {@link start} takes it or {@link dispose} releases it. */
  private prepared: PreparedCall<S> | null;
  private lifecycle: 'new' | 'started' | 'disposed' = 'new';
  /** While above 0, changes wait to be shown together, so that no half-done step is ever on screen. */
  private batchDepth = 0;
  private snapshot: CallSnapshot<S>;

  constructor(options: CallOptions, deps: CallDependencies<S>, prepared: PreparedCall<S> | null = null) {
    this.options = options;
    this.deps = deps;
    this.prepared = prepared;
    this.media = new LocalMedia<S>(options.media ?? DEFAULT_MEDIA_CHOICE, deps, () => {
      // Whatever changed (a mute, a device, a screen share, one the browser ended), the senders follow.
      this.applySending();
      this.changed();
    });
    this.data = new CallData({
      username: options.username,
      onChange: () => this.changed(),
      saveReceived: deps.saveReceived ?? (() => ''),
      digest: deps.digest,
    });
    this.peers = new RemotePeers<S>({
      createPeerConnection: deps.createPeerConnection,
      remoteOfferTimeoutMs: deps.remoteOfferTimeoutMs,
      localStream: () => this.media.state.stream,
      send: (to, message) => this.room?.send(to, message),
      onOpened: (peer) => {
        // Before the first offer, so that it carries the DataChannels too.
        this.data.attach(peer.peerId, peer.connection, peer.username);
        peer.sendTracks(this.media.sending());
        peer.sendMediaState(this.mediaState());
      },
      onClosed: (peer) => this.data.detach(peer.peerId),
      onChange: () => {
        // Someone came, went or started sharing a screen: the split of the uplink follows.
        this.limitSending();
        this.changed();
      },
      warn: (message, detail) => this.warn(message, detail),
    });
    this.snapshot = this.compose();
  }

  getSnapshot = (): CallSnapshot<S> => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** The connection to the peer who has been here longest, while there is one. */
  get peerConnection(): PeerConnectionLike<S> | null {
    return this.peers.first?.connection ?? null;
  }

  /** The connection to each other person, with their peer id and name. */
  get peerConnections(): ReadonlyArray<{ peerId: string; username: string; connection: PeerConnectionLike<S> }> {
    return this.peers.list.map(({ peerId, username, connection }) => ({ peerId, username, connection }));
  }

  /**
   * Opens the camera and microphone and connects to the signaling server, both at once (neither needs the other),
   * then joins the room.
   */
  async start(): Promise<void> {
    if (this.lifecycle !== 'new') {
      return;
    }
    this.lifecycle = 'started';
    const prepared = this.prepared;
    this.prepared = null;

    const { room, username, passcode = null } = this.options;
    const session = new RoomSession(
      prepared?.signaling ?? this.deps.createSignaling(),
      { room, username, passcode, tokens: this.deps.tokens, keepsPeerConnections: () => this.peers.hasLiveConnection() },
      {
        onPhase: (phase) => this.batch(() => this.roomPhaseChanged(phase)),
        onEvent: (event) => this.batch(() => this.peers.handle(event)),
        warn: (message, detail) => this.warn(message, detail),
      },
    );
    this.room = session;
    const connected = session.connect();

    if (!(await this.media.open(prepared?.stream ?? null))) {
      // Without media there is no call: the connection opened meanwhile is not needed.
      void session.close();
      return;
    }
    if (!(await connected) || this.disposed) {
      return;
    }
    await session.join();
  }

  /** Mutes or unmutes: a muted microphone is taken off the connection, so no packets are sent. */
  setMicrophoneOn(on: boolean): void {
    this.media.setMicrophoneOn(on);
  }

  /** Switches the camera on or off; off sends nothing and blanks your preview. */
  setCameraOn(on: boolean): void {
    this.media.setCameraOn(on);
  }

  /**
   * Uses another camera or microphone from now on, swapped in with `replaceTrack`, so the call is not renegotiated.
   * Resolves to a problem to show, or `null`.
   */
  switchDevice(kind: DeviceKind, deviceId: string): Promise<MediaNotice | null> {
    return this.media.switchDevice(kind, deviceId);
  }

  /** Shares a screen or window instead of the camera; stopping it brings the camera back. */
  startScreenShare(): Promise<MediaNotice | null> {
    return this.media.startScreenShare();
  }

  stopScreenShare(): void {
    this.media.stopScreenShare();
  }

  /** Sends a chat message; returns why it was not sent, or `null`. */
  sendChat(text: string): ChatSendProblem | null {
    return this.data.sendChat(text);
  }

  setChatOpen(open: boolean): void {
    this.data.setChatOpen(open);
  }

  /** Sends a file; returns why it was refused, or `null` (progress shows in the snapshot). */
  sendFile(file: OutgoingFile): FileSendProblem | null {
    return this.data.sendFile(file);
  }

  /** Makes the local side start a new negotiation (used by the end-to-end tests to force glare). */
  renegotiate(): void {
    this.peers.renegotiate();
  }

  /**
   * Leaves the room, stops the camera and microphone and closes the peer connections. Resolves once the signaling
   * connection is closed; the local part is done synchronously.
   */
  async dispose(): Promise<void> {
    if (this.disposed) {
      return;
    }
    this.lifecycle = 'disposed';
    this.peers.closeAll();
    this.media.dispose();
    this.listeners.clear();
    const prepared = this.prepared;
    this.prepared = null;
    if (prepared === null) {
      await this.room?.close();
      return;
    }
    // Never started: what the pre-join screen handed over is ours to close.
    if (prepared.stream !== null) {
      stopTracks(prepared.stream);
    }
    await prepared.signaling
      ?.disconnect()
      .catch((error: unknown) => this.warn('Disconnecting from the server failed', error));
  }

  private get disposed(): boolean {
    return this.lifecycle === 'disposed';
  }

  private roomPhaseChanged(phase: RoomPhase): void {
    switch (phase.name) {
      case 'joined':
        this.capacity = phase.room.capacity;
        this.peers.joined(phase.room);
        break;
      case 'failed':
        // Refused, or the connection is gone for good: the seat those peer connections were negotiated from is gone.
        // A join that merely failed on its way leaves them running.
        if (phase.failure.code !== 'signaling-failed') {
          this.peers.closeAll();
        }
        if (phase.failure.code === 'room-full') {
          this.capacity = phase.failure.capacity;
        }
        break;
      default:
        break;
    }
    this.changed();
  }

  /** Puts what each sender should send right now on every connection (no renegotiation), and tells the others. */
  private applySending(): void {
    this.peers.sendTracks(this.media.sending());
    this.peers.sendMediaState(this.mediaState());
    this.limitSending();
  }

  /** Splits the uplink budget between the connections as the room is now. */
  private limitSending(): void {
    const others = this.peers.list;
    if (others.length === 0) {
      return;
    }
    const video = this.media.sending().video;
    this.peers.limitSending(
      planSending({
        peers: others.length,
        sendingScreen: this.media.state.screen !== null,
        othersSharingScreen: others.some((peer) => peer.media?.screen === true),
        captureHeight: video === null ? null : (this.deps.trackHeight?.(video) ?? null),
        budgetKbps: this.deps.uplinkBudgetKbps,
      }),
    );
  }

  private mediaState(): PeerMediaState {
    const { microphoneOn, cameraOn, screen } = this.media.state;
    return { microphone: microphoneOn, camera: cameraOn, screen: screen !== null };
  }

  private batch(step: () => void): void {
    this.batchDepth += 1;
    try {
      step();
    } finally {
      this.batchDepth -= 1;
      this.changed();
    }
  }

  private changed(): void {
    if (this.batchDepth > 0 || this.disposed) {
      return;
    }
    const next = this.compose();
    const current = this.snapshot;
    const status = JSON.stringify(next.status) === JSON.stringify(current.status) ? current.status : next.status;
    const keys = Object.keys(next) as Array<keyof CallSnapshot<S>>;
    if (status === current.status && keys.every((key) => key === 'status' || next[key] === current[key])) {
      return;
    }
    this.snapshot = { ...next, status };
    for (const listener of [...this.listeners]) {
      listener();
    }
  }

  private compose(): CallSnapshot<S> {
    const media = this.media.state;
    const peers = this.peers.list;
    return {
      status: deriveCallStatus({
        media: media.failure,
        room: this.room?.phase ?? null,
        peers,
        lastLeft: this.peers.lastLeft,
      }),
      localStream: media.stream,
      peers: this.composePeers(peers),
      capacity: this.capacity,
      hasMicrophone: media.hasMicrophone,
      hasCamera: media.hasCamera,
      microphoneOn: media.microphoneOn,
      cameraOn: media.cameraOn,
      screenStream: media.screen,
      signalingReconnecting: this.room?.reconnecting ?? false,
      data: this.data.state,
      notice: media.notice,
    };
  }

  private composePeers(peers: readonly RemotePeer<S>[]): readonly PeerView<S>[] {
    const previous = this.peerViews;
    const next = peers.map((peer, index): PeerView<S> => {
      const view: PeerView<S> = {
        peerId: peer.peerId,
        username: peer.username,
        stream: peer.stream,
        view: peer.view,
        away: peer.away,
        media: peer.media,
      };
      const before = previous[index];
      const same =
        before !== undefined && (Object.keys(view) as Array<keyof PeerView<S>>).every((key) => before[key] === view[key]);
      return same ? before : view;
    });
    const unchanged = next.length === previous.length && next.every((view, index) => view === previous[index]);
    this.peerViews = unchanged ? previous : next;
    return this.peerViews;
  }

  private warn(message: string, detail?: unknown): void {
    this.deps.warn?.(message, detail);
  }
}
