import type {
  IceCandidateEventLike,
  PeerConnectionLike,
  RtpSenderLike,
  StreamLike,
  TrackEventLike,
  TrackLike,
} from '../peerSession';
import { FakeDataChannel } from './fakeDataChannel';

export class FakeTrack implements TrackLike {
  stopped = false;
  enabled = true;
  private readonly endedListeners: Array<() => void> = [];

  constructor(
    readonly kind: string,
    readonly label = `${kind} track`,
  ) {}

  get readyState(): MediaStreamTrackState {
    return this.stopped ? 'ended' : 'live';
  }

  stop(): void {
    this.stopped = true;
  }

  addEventListener(_type: 'ended', listener: () => void): void {
    this.endedListeners.push(listener);
  }

  /** What the browser does when the source goes away (the user stops sharing the screen). */
  end(): void {
    this.stopped = true;
    for (const listener of [...this.endedListeners]) {
      listener();
    }
  }
}

export class FakeStream implements StreamLike {
  private readonly tracks: FakeTrack[];

  constructor(
    readonly id: string,
    tracks: FakeTrack[] = [new FakeTrack('audio'), new FakeTrack('video')],
  ) {
    this.tracks = [...tracks];
  }

  getTracks(): FakeTrack[] {
    return [...this.tracks];
  }

  addTrack(track: TrackLike): void {
    if (track instanceof FakeTrack && !this.tracks.includes(track)) {
      this.tracks.push(track);
    }
  }

  removeTrack(track: TrackLike): void {
    const index = this.tracks.findIndex((candidate) => candidate === track);
    if (index >= 0) {
      this.tracks.splice(index, 1);
    }
  }
}

/** Records what an `RTCRtpSender` is asked to send; like a browser's, it has its one encoding once negotiated. */
export class FakeSender implements RtpSenderLike {
  readonly replaced: Array<TrackLike | null> = [];
  /** What `setParameters` was given, in order. */
  readonly parameters: RTCRtpSendParameters[] = [];
  negotiated = false;
  /** Refusals the next `setParameters` calls reject with, in order, as a browser mid-negotiation may. */
  readonly refusals: Error[] = [];

  constructor(public track: TrackLike | null) {}

  /** The encoding the browser uses now (after the last `setParameters`). */
  get encoding(): RTCRtpEncodingParameters | undefined {
    return this.parameters[this.parameters.length - 1]?.encodings[0];
  }

  replaceTrack(track: TrackLike | null): Promise<void> {
    this.track = track;
    this.replaced.push(track);
    return Promise.resolve();
  }

  getParameters(): RTCRtpSendParameters {
    const encodings = this.negotiated ? [{ active: true, ...this.encoding }] : [];
    return { transactionId: `t${this.parameters.length}`, encodings, codecs: [], headerExtensions: [], rtcp: {} };
  }

  setParameters(parameters: RTCRtpSendParameters): Promise<void> {
    const refusal = this.refusals.shift();
    if (refusal !== undefined) {
      return Promise.reject(refusal);
    }
    this.parameters.push(structuredClone(parameters));
    return Promise.resolve();
  }
}

interface FakeEventMap {
  negotiationneeded: undefined;
  icecandidate: IceCandidateEventLike;
  track: TrackEventLike<FakeStream>;
  connectionstatechange: undefined;
  iceconnectionstatechange: undefined;
}

type Listeners = { [K in keyof FakeEventMap]: Array<(event: FakeEventMap[K]) => void> };

interface Description {
  readonly type: RTCSdpType;
  readonly sdp: string;
}

/** Lets a test hold an asynchronous step until it calls `release()`. */
class Gate {
  private opened: Promise<void> | null = null;
  private open: (() => void) | null = null;

  hold(): () => void {
    this.opened = new Promise((resolve) => {
      this.open = resolve;
    });
    return () => {
      this.open?.();
      this.opened = null;
      this.open = null;
    };
  }

  wait(): Promise<void> {
    return this.opened ?? Promise.resolve();
  }
}

function invalidState(message: string): Error {
  const error = new Error(message);
  error.name = 'InvalidStateError';
  return error;
}

/**
 * A hand-written stand-in for `RTCPeerConnection` that models the signaling state machine the way
 * browsers do, including the implicit rollback of a local offer when a remote offer is applied.
 * Every operation is recorded in `log` so tests can check what happened and in which order.
 */
export class FakePeerConnection implements PeerConnectionLike<FakeStream> {
  signalingState: RTCSignalingState = 'stable';
  connectionState: RTCPeerConnectionState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  localDescription: Description | null = null;
  remoteDescription: Description | null = null;
  readonly log: string[] = [];
  readonly addedCandidates: RTCIceCandidateInit[] = [];
  readonly addedTracks: Array<{ track: TrackLike; stream: FakeStream; sender: FakeSender }> = [];
  readonly dataChannels: FakeDataChannel[] = [];
  readonly receiveOnly: string[] = [];
  addIceCandidateCalls = 0;
  restartIceCalls = 0;
  /** What `setConfiguration` was given, in order. */
  readonly configurations: RTCConfiguration[] = [];
  readonly configuration: RTCConfiguration;

  private readonly listeners: Listeners = {
    negotiationneeded: [],
    icecandidate: [],
    track: [],
    connectionstatechange: [],
    iceconnectionstatechange: [],
  };
  private readonly localGate = new Gate();
  private readonly remoteGate = new Gate();
  private descriptions = 0;

  constructor(
    readonly name: string,
    configuration: RTCConfiguration = {},
  ) {
    this.configuration = configuration;
  }

  addEventListener<K extends keyof FakeEventMap>(
    type: K,
    listener: (event: FakeEventMap[K]) => void,
  ): void {
    this.listeners[type].push(listener);
  }

  addTrack(track: TrackLike, stream: FakeStream): FakeSender {
    const sender = new FakeSender(track);
    this.addedTracks.push({ track, stream, sender });
    return sender;
  }

  createDataChannel(label: string, init: RTCDataChannelInit): FakeDataChannel {
    const channel = new FakeDataChannel(label, init.id ?? null);
    this.dataChannels.push(channel);
    return channel;
  }

  addTransceiver(kind: 'audio' | 'video', init: RTCRtpTransceiverInit): void {
    if (init.direction === 'recvonly') {
      this.receiveOnly.push(kind);
    }
  }

  /** The sender of the first added track of this kind. */
  sender(kind: string): FakeSender | undefined {
    return this.addedTracks.find(({ track }) => track.kind === kind)?.sender;
  }

  /** Holds the next `setLocalDescription` until the returned function is called. */
  holdSetLocalDescription(): () => void {
    return this.localGate.hold();
  }

  /** Holds the next `setRemoteDescription` until the returned function is called. */
  holdSetRemoteDescription(): () => void {
    return this.remoteGate.hold();
  }

  async setLocalDescription(description?: RTCSessionDescriptionInit): Promise<void> {
    await this.localGate.wait();
    await Promise.resolve();
    this.assertOpen();
    if (description?.type === 'rollback') {
      this.rollback();
      return;
    }
    this.descriptions += 1;
    if (this.signalingState === 'have-remote-offer') {
      this.localDescription = { type: 'answer', sdp: `${this.name}-answer-${this.descriptions}` };
      this.signalingState = 'stable';
      this.markNegotiated();
    } else {
      this.localDescription = { type: 'offer', sdp: `${this.name}-offer-${this.descriptions}` };
      this.signalingState = 'have-local-offer';
    }
    this.log.push(`setLocalDescription:${this.localDescription.type}`);
  }

  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    await this.remoteGate.wait();
    await Promise.resolve();
    this.assertOpen();
    const applied: Description = { type: description.type, sdp: description.sdp ?? '' };
    if (description.type === 'offer') {
      if (this.signalingState === 'have-local-offer') {
        this.rollback();
      }
      this.remoteDescription = applied;
      this.signalingState = 'have-remote-offer';
    } else if (description.type === 'answer') {
      if (this.signalingState !== 'have-local-offer') {
        throw invalidState(`cannot apply an answer in state ${this.signalingState}`);
      }
      this.remoteDescription = applied;
      this.signalingState = 'stable';
      this.markNegotiated();
    } else {
      throw invalidState(`unsupported description type ${description.type}`);
    }
    this.log.push(`setRemoteDescription:${applied.type}:${applied.sdp}`);
  }

  async addIceCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    this.addIceCandidateCalls += 1;
    await Promise.resolve();
    this.assertOpen();
    if (this.remoteDescription === null) {
      throw invalidState('no remote description');
    }
    this.addedCandidates.push(candidate);
    this.log.push(`addIceCandidate:${candidate.candidate ?? ''}`);
  }

  setConfiguration(configuration: RTCConfiguration): void {
    this.configurations.push(configuration);
  }

  restartIce(): void {
    this.restartIceCalls += 1;
    queueMicrotask(() => this.fireNegotiationNeeded());
  }

  close(): void {
    this.signalingState = 'closed';
    this.connectionState = 'closed';
    this.iceConnectionState = 'closed';
    this.log.push('close');
  }

  /** Like a browser, fires only in the stable state: mid-negotiation it waits until the offer is answered. */
  fireNegotiationNeeded(): void {
    if (this.signalingState !== 'stable') {
      return;
    }
    this.emit('negotiationneeded', undefined);
  }

  fireIceCandidate(candidate: RTCIceCandidateInit | null): void {
    this.emit('icecandidate', { candidate: candidate === null ? null : { toJSON: () => candidate } });
  }

  fireTrack(stream: FakeStream): void {
    this.emit('track', { streams: [stream] });
  }

  setConnectionState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.emit('connectionstatechange', undefined);
  }

  setIceConnectionState(state: RTCIceConnectionState): void {
    this.iceConnectionState = state;
    this.emit('iceconnectionstatechange', undefined);
  }

  private markNegotiated(): void {
    for (const { sender } of this.addedTracks) {
      sender.negotiated = true;
    }
  }

  private rollback(): void {
    this.localDescription = null;
    this.signalingState = 'stable';
    this.log.push('rollback');
  }

  private assertOpen(): void {
    if (this.signalingState === 'closed') {
      throw invalidState('the connection is closed');
    }
  }

  private emit<K extends keyof FakeEventMap>(type: K, event: FakeEventMap[K]): void {
    for (const listener of [...this.listeners[type]]) {
      listener(event);
    }
  }
}

/** Lets pending promise chains and queued microtasks/timers run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i += 1) {
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}
