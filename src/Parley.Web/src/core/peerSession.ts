import type { SendLimits } from './bandwidth';
import { parseCandidateLine } from './diagnostics';
import { IceRecovery } from './iceRecovery';
import { withVideoStartBitrate } from './startBitrate';
import type { PeerConnectionLike, RtpSenderLike, StreamLike, TrackLike } from './peerConnectionLike';
import type { SignalMessage } from './types';

export type {
  TrackLike,
  StreamLike,
  RtpSenderLike,
  DataChannelLike,
  IceCandidateEventLike,
  TrackEventLike,
  PeerConnectionLike,
} from './peerConnectionLike';

/** How far the media path to the remote peer has come. */
export type PeerConnectionStatus = 'connecting' | 'connected' | 'failed';

/** Maps `RTCPeerConnection.connectionState` onto what the call screen shows; `null` for `closed`. */
export function toPeerConnectionStatus(state: RTCPeerConnectionState): PeerConnectionStatus | null {
  switch (state) {
    case 'connected':
      return 'connected';
    case 'failed':
      return 'failed';
    case 'closed':
      return null;
    default:
      // new, connecting, and disconnected (which ICE may still recover from).
      return 'connecting';
  }
}

/**
 * The lexicographically smaller peer id is polite. Both sides compute it from the same pair,
 * so exactly one of them is polite.
 */
export function isPolite(localPeerId: string, remotePeerId: string): boolean {
  return localPeerId < remotePeerId;
}

export interface PeerSessionOptions<S extends StreamLike> {
  pc: PeerConnectionLike<S>;
  localPeerId: string;
  remotePeerId: string;
  /** Its tracks are added to the connection at once. */
  localStream: S | null;
  /**
   * Leave the first offer to the remote peer: this side's own negotiation waits until a remote
   * offer has been applied (its answer then carries our tracks too), or until
   * `remoteOfferTimeoutMs` pass without one. Parley sets it on the newcomer, so that the peer
   * already in the room makes the first offer and the two do not start with colliding offers.
   */
  awaitRemoteOffer?: boolean;
  remoteOfferTimeoutMs?: number;
  /**
   * The rate (kbit/s) the remote peer's video should start at, written into each description sent; without it,
   * WebRTC's first estimate of 300 kbit/s.
   */
  videoStartBitrateKbps?: number;
  /** Delivers a message to the remote peer (through signaling's `Relay`). */
  send: (message: SignalMessage) => void;
  onRemoteStream?: (stream: S) => void;
  onStatusChange?: (status: PeerConnectionStatus) => void;
  /** A negotiation step failed; the session goes on. */
  onError?: (error: unknown) => void;
  /**
   * The connection still stands still after the setup deadline's ICE restart (see {@link IceRecoveryOptions.replace}):
   * the owner replaces it, on both sides. Only the impolite side is asked, so that exactly one side of a pair starts
   * the replacement; the polite side goes on restarting until the other's replacement reaches it.
   */
  onStalled?: () => void;
  /**
   * Restart ICE on its own when it fails, stays disconnected or does not connect in time (timings of
   * {@link IceRecovery}); `false` turns it off.
   */
  iceRecovery?: { disconnectedGraceMs?: number; retryMs?: number; setupTimeoutMs?: number } | false;
}

/**
 * One peer-to-peer connection to one remote peer, negotiated with the W3C "perfect negotiation"
 * pattern: both sides may offer at any time, and when offers collide the polite side rolls its
 * own offer back and answers, while the impolite side ignores the colliding offer.
 */
export const DEFAULT_REMOTE_OFFER_TIMEOUT_MS = 4000;

export class PeerSession<S extends StreamLike = MediaStream> {
  readonly polite: boolean;
  readonly remotePeerId: string;

  private readonly pc: PeerConnectionLike<S>;
  private readonly options: PeerSessionOptions<S>;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  private settingRemoteDescription = 0;
  private pendingCandidates: RTCIceCandidateInit[] = [];
  private closed = false;
  private awaitingRemoteOffer: boolean;
  private negotiationDeferred = false;
  private remoteOfferTimer: ReturnType<typeof setTimeout> | null = null;
  /** The sender of each kind of local track ('audio', 'video'), to swap its track in place. */
  private readonly senders = new Map<string, RtpSenderLike>();
  /** What each sender may send, put on it again after every negotiation (which may reset its encodings). */
  private readonly limits = new Map<string, SendLimits>();
  /** `setParameters` calls of one session run one after another: each must start from the last one's result. */
  private applyingLimits: Promise<void> = Promise.resolve();
  private readonly recovery: IceRecovery | null;
  /** Whether gathering has produced a UDP candidate (one needing a socket of its own) or ended. */
  private gatheredOnce = false;

  constructor(options: PeerSessionOptions<S>) {
    this.options = options;
    this.pc = options.pc;
    this.remotePeerId = options.remotePeerId;
    this.polite = isPolite(options.localPeerId, options.remotePeerId);
    this.awaitingRemoteOffer = options.awaitRemoteOffer ?? false;
    if (this.awaitingRemoteOffer) {
      this.remoteOfferTimer = setTimeout(
        () => this.stopAwaitingRemoteOffer(true),
        options.remoteOfferTimeoutMs ?? DEFAULT_REMOTE_OFFER_TIMEOUT_MS,
      );
    }

    this.pc.addEventListener('negotiationneeded', () => void this.negotiate());
    this.pc.addEventListener('icecandidate', ({ candidate }) => {
      // Active TCP candidates need no socket: a UDP one shows that this browser opens sockets for the connection.
      if (candidate === null || parseCandidateLine(candidate.toJSON().candidate ?? '')?.protocol === 'udp') {
        this.gatheredOnce = true;
      }
      if (!this.closed) {
        this.options.send({ candidate: candidate === null ? null : candidate.toJSON() });
      }
    });
    this.pc.addEventListener('track', ({ streams }) => {
      const stream = streams[0];
      if (!this.closed && stream !== undefined) {
        this.options.onRemoteStream?.(stream);
      }
    });
    const recovery = options.iceRecovery ?? {};
    this.recovery =
      recovery === false
        ? null
        : new IceRecovery({
            ...recovery,
            state: () => this.pc.iceConnectionState,
            // ICE may be up while DTLS never completes; the person sees "Connecting…" either way.
            connected: () => this.pc.connectionState === 'connected',
            restart: () => this.renegotiate(),
            replace: options.onStalled === undefined || this.polite ? undefined : options.onStalled,
            gatheringPending: () => !this.gatheredOnce,
          });
    this.pc.addEventListener('iceconnectionstatechange', () => this.recovery?.update());
    this.pc.addEventListener('connectionstatechange', () => {
      const status = toPeerConnectionStatus(this.pc.connectionState);
      if (!this.closed && status !== null) {
        this.options.onStatusChange?.(status);
      }
    });

    if (options.localStream !== null) {
      for (const track of options.localStream.getTracks()) {
        if (!this.senders.has(track.kind)) {
          this.senders.set(track.kind, this.pc.addTrack(track, options.localStream));
        }
      }
    }
    // Without a microphone or camera of our own (audio only, receive only) we still receive theirs.
    for (const kind of ['audio', 'video'] as const) {
      if (!this.senders.has(kind)) {
        this.pc.addTransceiver(kind, { direction: 'recvonly' });
      }
    }
  }

  /** How many ICE restarts this session started on its own. */
  get iceRestarts(): number {
    return this.recovery?.restarts ?? 0;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Handles a description or candidate from the remote peer (`renew` and `renewed` are the owner's to act on). */
  async handleMessage(message: SignalMessage): Promise<void> {
    if (this.closed) {
      return;
    }
    try {
      if ('description' in message) {
        await this.handleDescription(message.description);
      } else if ('candidate' in message && message.candidate !== null) {
        await this.handleCandidate(message.candidate);
      }
    } catch (error) {
      this.reportError(error);
    }
  }

  /** Whether the connection has a sender for this kind of track (it had such a track at the start). */
  canSend(kind: string): boolean {
    return this.senders.has(kind);
  }

  /**
   * Sends `track` instead of what the `kind` sender sends now, or nothing for `null` (the other
   * side then gets no packets at all). No renegotiation: the sender stays, only its source changes.
   */
  async replaceTrack(kind: string, track: TrackLike | null): Promise<void> {
    const sender = this.senders.get(kind);
    if (this.closed || sender === undefined || sender.track === track) {
      return;
    }
    await sender.replaceTrack(track);
  }

  /**
   * Limits what the `kind` sender sends (bitrate, resolution, priority), now and after every later negotiation.
   * Resolves once the browser has taken the limits, or they wait for the first negotiation to have encodings to go on.
   */
  limitSending(kind: string, limits: SendLimits): Promise<void> {
    const current = this.limits.get(kind);
    if (
      current?.maxBitrateKbps === limits.maxBitrateKbps &&
      current.scaleResolutionDownBy === limits.scaleResolutionDownBy &&
      current.priority === limits.priority
    ) {
      return this.applyingLimits;
    }
    this.limits.set(kind, limits);
    return this.applyLimits([kind]);
  }

  /**
   * Makes the offer now instead of on `negotiationneeded`, which Chromium fires only after a trip through its WebRTC
   * threads (about 100 ms of the call's setup). Call it once the tracks and DataChannels are on the connection: the
   * offer then carries them all and the browser finds nothing left to negotiate. A session that awaits the remote
   * offer defers it like any other negotiation.
   */
  offer(): void {
    void this.negotiate();
  }

  /** Starts a new negotiation from this side (an ICE restart), as a network change would. */
  renegotiate(): void {
    if (!this.closed) {
      this.pc.restartIce();
    }
  }

  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.recovery?.dispose();
    this.stopAwaitingRemoteOffer(false);
    this.pendingCandidates = [];
    this.pc.close();
  }

  private async negotiate(): Promise<void> {
    if (this.closed) {
      return;
    }
    if (this.awaitingRemoteOffer) {
      this.negotiationDeferred = true;
      return;
    }
    try {
      this.makingOffer = true;
      // Without an argument the browser makes the offer (or answer) fitting the current state.
      await this.pc.setLocalDescription();
      this.sendLocalDescription();
    } catch (error) {
      this.reportError(error);
    } finally {
      this.makingOffer = false;
    }
  }

  private async handleDescription(description: RTCSessionDescriptionInit): Promise<void> {
    // An answer whose setRemoteDescription is still pending leaves us stable by the time the
    // next description is applied, so it does not count as a collision.
    const readyForOffer =
      !this.makingOffer && (this.pc.signalingState === 'stable' || this.settingRemoteAnswer);
    const offerCollision = description.type === 'offer' && !readyForOffer;
    this.ignoreOffer = !this.polite && offerCollision;
    if (this.ignoreOffer) {
      return;
    }

    this.settingRemoteAnswer = description.type === 'answer';
    this.settingRemoteDescription += 1;
    try {
      // On the polite side a colliding offer rolls the local offer back implicitly.
      await this.pc.setRemoteDescription(description);
    } finally {
      this.settingRemoteAnswer = false;
      this.settingRemoteDescription -= 1;
    }

    try {
      if (description.type === 'offer' && !this.closed) {
        // Our tracks ride on this answer; should more be needed, the browser asks again.
        this.stopAwaitingRemoteOffer(false);
        await this.pc.setLocalDescription();
        this.sendLocalDescription();
      }
      if (this.pc.signalingState === 'stable') {
        void this.applyLimits([...this.limits.keys()]);
      }
    } finally {
      // After the answer, not before: each candidate is a round trip through the browser's WebRTC thread, and
      // the other side, like our own gathering, waits for the answer, not for them.
      await this.flushPendingCandidates();
    }
  }

  private async handleCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    if (this.ignoreOffer) {
      // It belongs to the offer we ignored: drop it silently.
      return;
    }
    if (this.pc.remoteDescription === null || this.settingRemoteDescription > 0) {
      // The description it belongs to is not set yet; apply it once it is.
      this.pendingCandidates.push(candidate);
      return;
    }
    await this.pc.addIceCandidate(candidate);
  }

  private async flushPendingCandidates(): Promise<void> {
    if (this.settingRemoteDescription > 0 || this.pc.remoteDescription === null) {
      return;
    }
    const candidates = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const candidate of candidates) {
      if (this.closed) {
        return;
      }
      try {
        await this.pc.addIceCandidate(candidate);
      } catch (error) {
        this.reportError(error);
      }
    }
  }

  private stopAwaitingRemoteOffer(negotiateIfDeferred: boolean): void {
    if (this.remoteOfferTimer !== null) {
      clearTimeout(this.remoteOfferTimer);
      this.remoteOfferTimer = null;
    }
    const deferred = this.negotiationDeferred;
    this.awaitingRemoteOffer = false;
    this.negotiationDeferred = false;
    if (negotiateIfDeferred && deferred) {
      void this.negotiate();
    }
  }

  /** Puts the stored limits on their senders, one `getParameters`/`setParameters` pair at a time. */
  private applyLimits(kinds: Iterable<string>): Promise<void> {
    for (const kind of kinds) {
      this.applyingLimits = this.applyingLimits.then(() => this.putLimits(kind));
    }
    return this.applyingLimits;
  }

  private async putLimits(kind: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const sender = this.senders.get(kind);
      const limits = this.limits.get(kind);
      if (this.closed || sender === undefined || limits === undefined) {
        return;
      }
      const parameters = sender.getParameters();
      if (parameters.encodings.length === 0) {
        // Not negotiated yet: the limits go on once it is.
        return;
      }
      for (const encoding of parameters.encodings) {
        encoding.maxBitrate = limits.maxBitrateKbps * 1000;
        encoding.priority = limits.priority;
        encoding.networkPriority = limits.priority;
        if (kind === 'video') {
          encoding.scaleResolutionDownBy = limits.scaleResolutionDownBy;
        }
      }
      try {
        await sender.setParameters(parameters);
        return;
      } catch (error) {
        // Chromium refuses parameters read while a negotiation was changing the sender's RTCP settings ("modified
        // RTCP parameters"); read again once that negotiation step is through, they are taken.
        if (attempt === 1 && error instanceof DOMException && error.name === 'InvalidModificationError') {
          continue;
        }
        this.reportError(error);
        return;
      }
    }
  }

  private sendLocalDescription(): void {
    const description = this.pc.localDescription;
    if (!this.closed && description !== null) {
      const kbps = this.options.videoStartBitrateKbps;
      const sdp = kbps === undefined ? description.sdp : withVideoStartBitrate(description.sdp, kbps);
      this.options.send({ description: { type: description.type, sdp } });
    }
  }

  private reportError(error: unknown): void {
    if (!this.closed) {
      this.options.onError?.(error);
    }
  }
}
