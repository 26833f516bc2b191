import type { SendingPlan } from './bandwidth';
import { MAX_SETUP_RETRY_MS, SETUP_TIMEOUT_MS } from './iceRecovery';
import type { SendingTracks } from './localMedia';
import { MEDIA_STATE_CHANNEL, encodeMediaState, parseMediaState, sameMediaState } from './mediaState';
import type { PeerMediaState } from './mediaState';
import { PeerSession } from './peerSession';
import type { DataChannelLike, PeerConnectionLike, PeerConnectionStatus, StreamLike } from './peerSession';
import { offersRelay } from './rtcConfiguration';
import type { PeerInfo, SignalMessage } from './types';

/**
 * Where the other side's video starts (kbit/s) instead of WebRTC's 300: at 300 the first key frame of a camera
 * picture waits for the pacer; the bandwidth estimate corrects it within a second on a slower path.
 */
export const VIDEO_START_BITRATE_KBPS = 1000;

/**
 * How far the connection to one peer has come, as the call screen tells it: `recovering` is a connection that was up
 * and failed (ICE restarts run), `ice-failed` one that never found a path (and says so while the restarts go on).
 */
export type PeerConnectionView = 'connecting' | 'connected' | 'recovering' | 'ice-failed';

export interface RemotePeerOptions<S extends StreamLike> {
  peer: PeerInfo;
  localPeerId: string;
  configuration: RTCConfiguration;
  localStream: S | null;
  /** The peer already in the room makes the first offer: the newcomer waits for it (see {@link PeerSession}). */
  awaitRemoteOffer: boolean;
  remoteOfferTimeoutMs?: number;
  createPeerConnection: (configuration: RTCConfiguration) => PeerConnectionLike<S>;
  send: (message: SignalMessage) => void;
  /** The connection stands still though ICE was restarted: replace it (see `PeerSessionOptions.onStalled`). */
  onStalled: () => void;
  /** How many connections to this peer this one replaces, one after another (0 for the first). */
  replacements?: number;
  /** Its stream, connection view or presence changed. */
  onChange: () => void;
  warn: (message: string, detail?: unknown) => void;
}

/** One other person in the room: the negotiated peer connection to them and what the call screen shows of it. */
export class RemotePeer<S extends StreamLike> {
  readonly peerId: string;
  readonly connection: PeerConnectionLike<S>;
  readonly session: PeerSession<S>;
  /** Whether ICE could have gone through a TURN relay to reach them. */
  readonly relayOffered: boolean;
  /** How many connections to this peer this one replaces, one after another. */
  readonly replacements: number;
  private nameValue: string;
  private streamValue: S | null = null;
  private viewValue: PeerConnectionView = 'connecting';
  private everConnected = false;
  /** Their signaling connection dropped; the server holds their seat until they resume or leave. */
  private awayValue = false;
  /** Their microphone, camera and screen share as they last told us; `null` until they have. */
  private mediaValue: PeerMediaState | null = null;
  private readonly stateChannel: DataChannelLike;
  /** Ours, as last handed to {@link sendMediaState}: sent when the channel opens and on every change. */
  private localMedia: PeerMediaState | null = null;
  private readonly onChange: () => void;
  private readonly warn: (message: string, detail?: unknown) => void;

  constructor(options: RemotePeerOptions<S>) {
    this.peerId = options.peer.peerId;
    this.nameValue = options.peer.username;
    this.onChange = options.onChange;
    this.warn = options.warn;
    this.relayOffered = offersRelay(options.configuration);
    this.replacements = options.replacements ?? 0;
    this.connection = options.createPeerConnection(options.configuration);
    this.session = new PeerSession<S>({
      pc: this.connection,
      localPeerId: options.localPeerId,
      remotePeerId: this.peerId,
      localStream: options.localStream,
      awaitRemoteOffer: options.awaitRemoteOffer,
      remoteOfferTimeoutMs: options.remoteOfferTimeoutMs,
      videoStartBitrateKbps: VIDEO_START_BITRATE_KBPS,
      send: options.send,
      onRemoteStream: (stream) => {
        this.streamValue = stream;
        this.onChange();
      },
      onStatusChange: (status) => this.statusChanged(status),
      onError: (error) => this.warn('Negotiation step failed', error),
      onStalled: options.onStalled,
      // Each replacement gets twice the setup deadline of the one before it: a browser too busy to open a connection's
      // sockets in time has every replacement start that over.
      iceRecovery: { setupTimeoutMs: Math.min(SETUP_TIMEOUT_MS * 2 ** this.replacements, MAX_SETUP_RETRY_MS) },
    });
    this.stateChannel = this.connection.createDataChannel(MEDIA_STATE_CHANNEL.label, {
      negotiated: true,
      id: MEDIA_STATE_CHANNEL.id,
      ordered: true,
    });
    this.stateChannel.addEventListener('open', () => this.flushMediaState());
    this.stateChannel.addEventListener('message', ({ data }) => {
      const media = parseMediaState(data);
      if (media !== null && !sameMediaState(media, this.mediaValue)) {
        this.mediaValue = media;
        this.onChange();
      }
    });
  }

  get username(): string {
    return this.nameValue;
  }

  get stream(): S | null {
    return this.streamValue;
  }

  get view(): PeerConnectionView {
    return this.viewValue;
  }

  get away(): boolean {
    return this.awayValue;
  }

  get media(): PeerMediaState | null {
    return this.mediaValue;
  }

  /** Whether an offer and answer were ever exchanged with them on this connection. */
  get negotiated(): boolean {
    return this.connection.remoteDescription !== null;
  }

  /** Whether the peer connection still runs, so that it is worth keeping through a signaling reconnection. */
  get isLive(): boolean {
    return !this.session.isClosed && this.connection.connectionState !== 'closed';
  }

  /** Their signaling connection dropped; their media may well go on peer to peer meanwhile. */
  markAway(username: string): void {
    this.awayValue = true;
    if (username !== '') {
      this.nameValue = username;
    }
    this.onChange();
  }

  /** They are back on signaling with the peer connection they kept: so are we. */
  markBack(): void {
    this.awayValue = false;
    this.showConnectionState();
  }

  /** Shows the state of a peer connection that goes on after a resume. */
  showConnectionState(): void {
    const state = this.connection.connectionState;
    this.statusChanged(state === 'connected' ? 'connected' : state === 'failed' ? 'failed' : 'connecting');
  }

  /** Puts what each sender should send on the connection (no renegotiation). */
  sendTracks(tracks: SendingTracks): void {
    for (const kind of ['audio', 'video'] as const) {
      this.session.replaceTrack(kind, tracks[kind]).catch((error: unknown) => this.warn(`Switching the ${kind} failed`, error));
    }
  }

  /** Limits what goes to them, so that what goes to everyone adds up to the uplink budget. */
  limitSending(plan: SendingPlan): void {
    void this.session.limitSending('audio', plan.audio);
    void this.session.limitSending('video', plan.video);
  }

  /** Tells them whether our microphone, camera and screen share are on (now, or once the channel opens). */
  sendMediaState(state: PeerMediaState): void {
    if (!sameMediaState(state, this.localMedia)) {
      this.localMedia = state;
      this.flushMediaState();
    }
  }

  close(): void {
    this.session.close();
  }

  private flushMediaState(): void {
    if (this.localMedia === null || this.stateChannel.readyState !== 'open') {
      return;
    }
    try {
      this.stateChannel.send(encodeMediaState(this.localMedia));
    } catch (error) {
      this.warn('Sending the media state failed', error);
    }
  }

  private statusChanged(status: PeerConnectionStatus): void {
    if (this.awayValue) {
      // What the person needs to know is that the other side is reconnecting, whatever the media does meanwhile.
      return;
    }
    switch (status) {
      case 'connected':
        this.everConnected = true;
        this.viewValue = 'connected';
        break;
      case 'connecting':
        // ICE restarts after a first failure keep that failure on screen until one of them finds a path.
        if (this.viewValue !== 'ice-failed') {
          this.viewValue = 'connecting';
        }
        break;
      case 'failed':
        // The session restarts ICE by itself (through signaling) until the connection is back.
        this.viewValue = this.everConnected ? 'recovering' : 'ice-failed';
        break;
    }
    this.onChange();
  }
}
