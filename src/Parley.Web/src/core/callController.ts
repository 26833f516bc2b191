import { CallData } from './callData';
import type { CallDataState } from './callData';
import { DEFAULT_MEDIA_CHOICE, mediaConstraints } from './devices';
import type { MediaChoice } from './devices';
import type { Digest, OutgoingFile } from './fileTransfer';
import { classifyMediaError, describeMediaError, errorMessage } from './mediaErrors';
import { PeerSession } from './peerSession';
import type { PeerConnectionLike, PeerConnectionStatus, StreamLike, TrackLike } from './peerSession';
import type { ResumeTokenStore } from './resumeTokens';
import type { SignalingChannel } from './signalingChannel';
import { ErrorCodes } from './types';
import type { DataEvent, IceServer, JoinResult, PeerInfo, ReadyPeer } from './types';

/** What the call screen shows; `state` is the status element's `data-state`. */
export type CallStatus =
  | { state: 'connecting-server' }
  | { state: 'waiting' }
  | { state: 'connecting'; peerName: string; recovering?: true }
  | { state: 'connected'; peerName: string }
  /** ICE found no path on the first attempt; `relayOffered` says whether a TURN server was tried. */
  | { state: 'ice-failed'; peerName: string; relayOffered: boolean }
  | { state: 'peer-reconnecting'; peerName: string }
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
  readonly notice: string | null;
}

export const INITIAL_CALL_DATA: CallDataState = { open: false, chat: [], unreadChat: 0, transfers: [] };

export interface CallDependencies<S extends StreamLike> {
  getUserMedia: (constraints: MediaStreamConstraints) => Promise<S>;
  /** Asks the person to pick a screen or window to share; absent where the browser cannot. */
  getDisplayMedia?: () => Promise<S>;
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

type SignalingEvent =
  | { kind: 'ready'; peer: ReadyPeer }
  | { kind: 'data'; event: DataEvent }
  | { kind: 'peer-reconnecting'; peer: PeerInfo }
  | { kind: 'peer-left'; peer: PeerInfo }
  | { kind: 'reconnecting' }
  | { kind: 'reconnected' };

/**
 * Where the other side's video starts (kbit/s) instead of WebRTC's 300: at 300 the first key frame of a camera
 * picture waits for the pacer; the bandwidth estimate corrects it within a second on a slower path.
 */
export const VIDEO_START_BITRATE_KBPS = 1000;

export const MEDIA_CONSTRAINTS: MediaStreamConstraints = { video: true, audio: true };

function toRtcConfiguration(iceServers: IceServer[], iceTransportPolicy: RTCIceTransportPolicy): RTCConfiguration {
  return {
    iceTransportPolicy,
    // One transport for audio, video and data from the first offer on: fewer candidates to gather and check.
    bundlePolicy: 'max-bundle',
    // Gathering starts with the connection instead of with its first description.
    iceCandidatePoolSize: 1,
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

function offersRelay(configuration: RTCConfiguration): boolean {
  return (configuration.iceServers ?? []).some((server) =>
    (Array.isArray(server.urls) ? server.urls : [server.urls]).some((url) => /^turns?:/i.test(url)),
  );
}

/**
 * One person's part in one room: local media, the signaling connection, and a {@link PeerSession} for
 * the remote peer. It is React-free; subscribe to it and read {@link getSnapshot}.
 */
export class CallController<S extends StreamLike = MediaStream> {
  private readonly options: CallOptions;
  private readonly deps: CallDependencies<S>;
  private readonly listeners = new Set<() => void>();
  private snapshot: CallSnapshot<S>;
  private readonly data: CallData;
  private screenTrack: TrackLike | null = null;
  /** The remote peer's signaling connection dropped; the server holds its seat until it resumes or leaves. */
  private peerAway = false;
  private signaling: SignalingChannel | null = null;
  private unsubscribe: (() => void) | null = null;
  private session: PeerSession<S> | null = null;
  private sessionConnection: PeerConnectionLike<S> | null = null;
  private remotePeer: PeerInfo | null = null;
  /** Whether the current session's connection has ever been up: a failure before that has no path to restore. */
  private sessionConnected = false;
  private localPeerId: string | null = null;
  private configuration: RTCConfiguration = {};
  /** Events that arrived while `Join` was still in flight; replayed once it returns. */
  private earlyEvents: SignalingEvent[] | null = [];
  /** Owned by this call from construction on, until {@link start} takes it or {@link dispose} releases it. */
  private prepared: PreparedCall<S> | null;
  private started = false;
  private disposed = false;

  constructor(options: CallOptions, deps: CallDependencies<S>, prepared: PreparedCall<S> | null = null) {
    this.options = options;
    this.deps = deps;
    this.prepared = prepared;
    const media = options.media ?? DEFAULT_MEDIA_CHOICE;
    this.snapshot = {
      status: { state: 'connecting-server' },
      localStream: null,
      remoteStream: null,
      hasMicrophone: false,
      hasCamera: false,
      microphoneOn: media.audio && media.startMuted !== true,
      cameraOn: media.video && media.startCameraOff !== true,
      screenStream: null,
      signalingReconnecting: false,
      data: INITIAL_CALL_DATA,
      notice: null,
    };
    this.data = new CallData({
      username: options.username,
      onChange: () => this.update({ data: this.data.state }),
      saveReceived: deps.saveReceived ?? (() => ''),
      digest: deps.digest,
    });
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

  /**
   * Gets the camera and microphone and connects to the signaling server, both at once (neither needs the other), then
   * joins the room.
   */
  async start(): Promise<void> {
    if (this.started) {
      return;
    }
    this.started = true;
    const prepared = this.prepared;
    this.prepared = null;

    const signaling = prepared?.signaling ?? this.deps.createSignaling();
    this.signaling = signaling;
    this.unsubscribe = signaling.subscribe({
      onReady: (peer) => this.dispatch({ kind: 'ready', peer }),
      onData: (event) => this.dispatch({ kind: 'data', event }),
      onPeerReconnecting: (peer) => this.dispatch({ kind: 'peer-reconnecting', peer }),
      onPeerLeft: (peer) => this.dispatch({ kind: 'peer-left', peer }),
      onRefused: (refusal) => this.warn(`The server refused a message: ${refusal.error.message}`),
      onClose: () => this.handleConnectionLost(),
      onReconnecting: () => this.dispatch({ kind: 'reconnecting' }),
      onReconnected: () => this.dispatch({ kind: 'reconnected' }),
    });
    const connected = signaling.connect().then(
      () => true,
      () => false,
    );

    if (!(await this.openMedia(prepared?.stream ?? null))) {
      // Without media there is no call: the connection opened meanwhile is not needed.
      if (!this.disposed) {
        this.closeSignaling();
      }
      return;
    }
    if (!(await connected)) {
      if (!this.disposed) {
        this.setStatus({ state: 'server-unreachable' });
      }
      return;
    }
    if (this.disposed) {
      return;
    }

    await this.joinRoom(signaling, false);
  }

  /**
   * Takes over the preview's stream when it is still live and holds what this call asks for, or opens the
   * devices; `false` when the call cannot go on (the status says why, or it was disposed meanwhile).
   */
  private async openMedia(preview: S | null): Promise<boolean> {
    const constraints = mediaConstraints(this.options.media ?? DEFAULT_MEDIA_CHOICE);
    if (constraints === null) {
      if (preview !== null) {
        stopTracks(preview);
      }
      this.update({ microphoneOn: false, cameraOn: false });
      return true;
    }
    let stream: S;
    if (preview !== null && fits(preview, constraints)) {
      stream = preview;
    } else {
      if (preview !== null) {
        stopTracks(preview);
      }
      try {
        stream = await this.deps.getUserMedia(constraints);
      } catch (error) {
        const failure = classifyMediaError(error);
        if (!this.disposed) {
          this.setStatus(
            failure === 'error' ? { state: 'error', message: describeMediaError(error) } : { state: failure },
          );
        }
        return false;
      }
    }
    if (this.disposed) {
      stopTracks(stream);
      return false;
    }
    const audio = findTrack(stream, 'audio');
    const video = findTrack(stream, 'video');
    if (audio !== undefined) {
      audio.enabled = this.snapshot.microphoneOn;
    }
    if (video !== undefined) {
      video.enabled = this.snapshot.cameraOn;
    }
    this.update({
      localStream: stream,
      hasMicrophone: audio !== undefined,
      hasCamera: video !== undefined,
      microphoneOn: audio !== undefined && this.snapshot.microphoneOn,
      cameraOn: video !== undefined && this.snapshot.cameraOn,
    });
    return true;
  }

  private closeSignaling(): void {
    const signaling = this.signaling;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.signaling = null;
    signaling?.disconnect().catch((error: unknown) => this.warn('Disconnecting from the server failed', error));
  }

  /**
   * Joins the room: `Join` the first time, `Rejoin` with the stored token after a reload, and after
   * a dropped signaling connection `Resume`, which takes back the seat the server held for us and tells
   * the other person to keep the peer connection, as we do.
   */
  private async joinRoom(signaling: SignalingChannel, reconnecting: boolean): Promise<void> {
    let result: JoinResult;
    const { room, username } = this.options;
    const token = this.deps.tokens.get(room);
    const resuming = reconnecting && token !== null && this.hasLiveSession();
    this.earlyEvents = [];
    try {
      // Every signaling connection, a reconnected one too, starts without a passcode.
      const passcode = this.options.passcode ?? null;
      const refused = passcode === null ? null : await signaling.unlock(passcode);
      if (refused !== null) {
        throw new Error(refused.message);
      }
      result =
        token === null
          ? await signaling.join(room, username)
          : resuming
            ? await signaling.resume(room, username, token)
            : await signaling.rejoin(room, username, token);
    } catch (error) {
      this.earlyEvents = null;
      if (!this.disposed && this.snapshot.status.state !== 'server-unreachable') {
        this.setStatus({ state: 'error', message: errorMessage(error) });
      }
      return;
    }
    if (this.disposed) {
      return;
    }
    if (result.error !== null || result.peerId === null) {
      this.earlyEvents = null;
      this.closeSession();
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
    if (reconnecting) {
      this.update({ signalingReconnecting: false });
    }

    const firstPeer = result.peers.find((peer) => peer.peerId !== result.peerId);
    if (resuming && result.resumed && firstPeer !== undefined && firstPeer.peerId === this.remotePeer?.peerId) {
      // Our seat was held and they kept their side of the peer connection: the call goes on as it is.
      this.showSessionStatus();
    } else if (firstPeer !== undefined) {
      // The peer already in the room makes the first offer (it gets our Ready); we answer it.
      this.startSession(firstPeer, true);
    } else if (result.resumed || this.session === null) {
      // The room lists held seats too, so an empty room we are back in means they really left.
      this.closeSession();
      this.setStatus({ state: 'waiting' });
    }
    // Otherwise the server forgot the room (it restarted): the call goes on until they are back.

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
   * once the signaling connection is closed; the local part is done synchronously.
   */
  async dispose(): Promise<void> {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.prepared !== null) {
      // Never started: what the pre-join screen handed over is ours to close.
      if (this.prepared.stream !== null) {
        stopTracks(this.prepared.stream);
      }
      this.signaling = this.prepared.signaling;
      this.prepared = null;
    }
    this.closeSession();
    this.stopScreenTrack();
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
    if (event.kind === 'reconnecting') {
      // Media goes on peer to peer; only new negotiations wait for signaling.
      this.update({ signalingReconnecting: true });
      return;
    }
    if (event.kind === 'reconnected') {
      const signaling = this.signaling;
      if (signaling !== null) {
        void this.joinRoom(signaling, true);
      }
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
        if (event.peer.resumed && event.peer.peerId === this.remotePeer?.peerId && this.hasLiveSession()) {
          // Back on signaling with the peer connection it kept: so do we.
          this.peerAway = false;
          this.showSessionStatus();
          return;
        }
        if (event.peer.peerId !== this.localPeerId) {
          // A new peer, or the same one back after a reload: negotiate from scratch.
          this.startSession(event.peer, false);
        }
        return;
      case 'peer-reconnecting':
        if (event.peer.peerId === this.remotePeer?.peerId) {
          // Their media may well go on peer to peer; the server holds their seat while they reconnect.
          this.peerAway = true;
          this.setStatus({ state: 'peer-reconnecting', peerName: event.peer.username || this.remotePeer.username });
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
      case 'reconnecting':
      case 'reconnected':
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
    this.sessionConnected = false;
    const session: PeerSession<S> = new PeerSession<S>({
      pc,
      localPeerId,
      remotePeerId: peer.peerId,
      localStream: this.snapshot.localStream,
      awaitRemoteOffer,
      remoteOfferTimeoutMs: this.deps.remoteOfferTimeoutMs,
      videoStartBitrateKbps: VIDEO_START_BITRATE_KBPS,
      send: (message) => {
        signaling.send(peer.peerId, message).catch((error: unknown) => this.warn('Sending a message failed', error));
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
    // Created right away, before the first offer, so it carries the DataChannels too.
    this.data.attach(pc, peer.username);
    this.applySending();
    this.setStatus({ state: 'connecting', peerName: peer.username });
    if (!awaitRemoteOffer) {
      session.offer();
    }
  }

  /** Mutes or unmutes: a muted microphone is taken off the connection, so no packets are sent. */
  setMicrophoneOn(on: boolean): void {
    const track = this.localTrack('audio');
    if (track === undefined) {
      return;
    }
    track.enabled = on;
    this.update({ microphoneOn: on });
    this.applySending();
  }

  /** Switches the camera on or off; off sends nothing and blanks your preview. */
  setCameraOn(on: boolean): void {
    const track = this.localTrack('video');
    if (track === undefined) {
      return;
    }
    track.enabled = on;
    this.update({ cameraOn: on });
    this.applySending();
  }

  /**
   * Uses another camera or microphone from now on: the new device is opened first, then swapped
   * in with `replaceTrack`, so the call is not renegotiated. Resolves to a problem to show, or `null`.
   */
  async switchDevice(kind: 'audio' | 'video', deviceId: string): Promise<string | null> {
    const local = this.snapshot.localStream;
    const old = this.localTrack(kind);
    if (local === null || old === undefined) {
      return kind === 'audio' ? 'This call has no microphone to switch.' : 'This call has no camera to switch.';
    }
    const exact = { deviceId: { exact: deviceId } };
    let fresh: S;
    try {
      fresh = await this.deps.getUserMedia(kind === 'audio' ? { audio: exact } : { video: exact });
    } catch (error) {
      return this.setNotice(`That device could not be started: ${describeMediaError(error)}`);
    }
    const track = findTrack(fresh, kind);
    if (track === undefined || this.disposed) {
      stopTracks(fresh);
      return track === undefined ? this.setNotice('That device gave no picture or sound. Choose another one.') : null;
    }
    track.enabled = kind === 'audio' ? this.snapshot.microphoneOn : this.snapshot.cameraOn;
    local.removeTrack(old);
    old.stop();
    local.addTrack(track);
    this.update({ localStream: local, notice: null });
    this.applySending();
    return null;
  }

  /** Shares a screen or window instead of the camera; stopping it brings the camera back. */
  async startScreenShare(): Promise<string | null> {
    if (this.deps.getDisplayMedia === undefined) {
      return this.setNotice('This browser cannot share the screen. Try a desktop browser.');
    }
    if (this.localTrack('video') === undefined) {
      return this.setNotice('Screen sharing replaces your camera, so it needs a call joined with a camera.');
    }
    let stream: S;
    try {
      stream = await this.deps.getDisplayMedia();
    } catch (error) {
      return this.setNotice(
        classifyMediaError(error) === 'media-denied'
          ? 'Screen sharing was cancelled or not allowed. Choose Share screen again and pick a screen or window.'
          : `The screen could not be shared: ${describeMediaError(error)}`,
      );
    }
    const track = findTrack(stream, 'video');
    if (track === undefined || this.disposed) {
      stopTracks(stream);
      return null;
    }
    this.stopScreenTrack();
    this.screenTrack = track;
    // The browser's own "Stop sharing" ends the track.
    track.addEventListener?.('ended', () => {
      if (this.screenTrack === track) {
        this.stopScreenShare();
      }
    });
    this.update({ screenStream: stream, notice: null });
    this.applySending();
    return null;
  }

  stopScreenShare(): void {
    this.stopScreenTrack();
    this.update({ screenStream: null });
    this.applySending();
  }

  /** Sends a chat message; returns why it was not sent, or `null`. */
  sendChat(text: string): string | null {
    return this.data.sendChat(text);
  }

  setChatOpen(open: boolean): void {
    this.data.setChatOpen(open);
  }

  /** Sends a file; returns why it was refused, or `null` (progress shows in the snapshot). */
  sendFile(file: OutgoingFile): string | null {
    return this.data.sendFile(file);
  }

  /** Puts what each sender should send right now on the connection (no renegotiation). */
  private applySending(): void {
    const session = this.session;
    if (session === null) {
      return;
    }
    const audio = this.localTrack('audio');
    const video = this.localTrack('video');
    const sendAudio = this.snapshot.microphoneOn && audio !== undefined ? audio : null;
    const sendVideo = this.screenTrack ?? (this.snapshot.cameraOn && video !== undefined ? video : null);
    for (const [kind, track] of [
      ['audio', sendAudio],
      ['video', sendVideo],
    ] as const) {
      session.replaceTrack(kind, track).catch((error: unknown) => this.warn(`Switching the ${kind} failed`, error));
    }
  }

  private localTrack(kind: string): TrackLike | undefined {
    const stream = this.snapshot.localStream;
    return stream === null ? undefined : findTrack(stream, kind);
  }

  private stopScreenTrack(): void {
    const track = this.screenTrack;
    this.screenTrack = null;
    track?.stop();
    if (this.snapshot.screenStream !== null) {
      stopTracks(this.snapshot.screenStream);
    }
  }

  private setNotice(notice: string): string {
    this.update({ notice });
    return notice;
  }

  private handlePeerStatus(peer: PeerInfo, status: PeerConnectionStatus): void {
    if (this.peerAway) {
      // What the person needs to know is that the other side is reconnecting, whatever the media does meanwhile.
      return;
    }
    switch (status) {
      case 'connected':
        this.sessionConnected = true;
        this.setStatus({ state: 'connected', peerName: peer.username });
        return;
      case 'connecting':
        // ICE restarts after a first failure keep that failure on screen until one of them finds a path.
        if (this.snapshot.status.state !== 'ice-failed') {
          this.setStatus({ state: 'connecting', peerName: peer.username });
        }
        return;
      case 'failed':
        // The session restarts ICE by itself (through signaling) until the connection is back.
        this.setStatus(
          this.sessionConnected
            ? { state: 'connecting', peerName: peer.username, recovering: true }
            : { state: 'ice-failed', peerName: peer.username, relayOffered: offersRelay(this.configuration) },
        );
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

  /** Whether there is a peer connection worth keeping through a signaling reconnection. */
  private hasLiveSession(): boolean {
    return this.session !== null && !this.session.isClosed && this.sessionConnection?.connectionState !== 'closed';
  }

  /** Shows the status of the peer connection that goes on after a resume. */
  private showSessionStatus(): void {
    const peer = this.remotePeer;
    if (peer === null) {
      return;
    }
    const state = this.sessionConnection?.connectionState;
    this.handlePeerStatus(peer, state === 'connected' ? 'connected' : state === 'failed' ? 'failed' : 'connecting');
  }

  private closeSession(): void {
    this.peerAway = false;
    if (this.session !== null) {
      this.data.detach();
    }
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

function findTrack(stream: StreamLike, kind: string): TrackLike | undefined {
  return stream.getTracks().find((track) => track.kind === kind);
}

/** Whether a stream still captures, and holds a track of each kind the constraints ask for and no other. */
function fits(stream: StreamLike, constraints: MediaStreamConstraints): boolean {
  const tracks = stream.getTracks();
  const wants = (kind: 'audio' | 'video'): boolean => constraints[kind] !== undefined && constraints[kind] !== false;
  return (
    tracks.every((track) => track.readyState !== 'ended') &&
    (['audio', 'video'] as const).every((kind) => wants(kind) === tracks.some((track) => track.kind === kind))
  );
}

function stopTracks(stream: StreamLike): void {
  for (const track of stream.getTracks()) {
    track.stop();
  }
}
