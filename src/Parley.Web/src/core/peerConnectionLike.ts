// The parts of the browser's WebRTC objects that the call drives: a browser's objects satisfy them, the unit tests
// drive hand-written fakes.

/** The part of a `MediaStreamTrack` a call uses. */
export interface TrackLike {
  readonly kind: string;
  /** A disabled track sends silence or black; Parley also takes it off the sender. */
  enabled: boolean;
  /** `ended` once stopped or its device is gone (a fake may leave it out). */
  readonly readyState?: MediaStreamTrackState;
  stop(): void;
  /** `ended` fires when the source goes away, such as the browser's own "Stop sharing". */
  addEventListener?(type: 'ended', listener: () => void): void;
}

/** The part of a `MediaStream` a call uses. */
export interface StreamLike {
  getTracks(): TrackLike[];
  addTrack(track: TrackLike): void;
  removeTrack(track: TrackLike): void;
}

/**
 * The part of an `RTCRtpSender` a session uses: `replaceTrack` swaps media without renegotiation, `setParameters`
 * limits what it sends.
 */
export interface RtpSenderLike {
  readonly track: TrackLike | null;
  replaceTrack(track: TrackLike | null): Promise<void>;
  getParameters(): RTCRtpSendParameters;
  setParameters(parameters: RTCRtpSendParameters): Promise<void>;
}

/** The part of an `RTCDataChannel` that chat and file transfer use. */
export interface DataChannelLike {
  readonly label: string;
  readonly readyState: RTCDataChannelState;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  binaryType: BinaryType;
  send(data: string): void;
  send(data: ArrayBuffer): void;
  addEventListener(type: 'open' | 'close' | 'bufferedamountlow', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  removeEventListener(type: 'open' | 'close' | 'bufferedamountlow', listener: () => void): void;
  close(): void;
}

export interface IceCandidateEventLike {
  readonly candidate: { toJSON(): RTCIceCandidateInit } | null;
}

export interface TrackEventLike<S> {
  readonly streams: readonly S[];
}

/**
 * The part of `RTCPeerConnection` that {@link PeerSession} drives. A browser's
 * `RTCPeerConnection` satisfies it; the unit tests drive a hand-written fake.
 */
export interface PeerConnectionLike<S extends StreamLike = MediaStream> {
  readonly signalingState: RTCSignalingState;
  readonly connectionState: RTCPeerConnectionState;
  readonly iceConnectionState: RTCIceConnectionState;
  readonly localDescription: { readonly type: RTCSdpType; readonly sdp: string } | null;
  readonly remoteDescription: { readonly type: RTCSdpType } | null;
  addEventListener(type: 'negotiationneeded', listener: () => void): void;
  addEventListener(type: 'icecandidate', listener: (event: IceCandidateEventLike) => void): void;
  addEventListener(type: 'track', listener: (event: TrackEventLike<S>) => void): void;
  addEventListener(type: 'connectionstatechange' | 'iceconnectionstatechange', listener: () => void): void;
  addTrack(track: TrackLike, stream: S): RtpSenderLike;
  createDataChannel(label: string, init: RTCDataChannelInit): DataChannelLike;
  addTransceiver(kind: 'audio' | 'video', init: RTCRtpTransceiverInit): unknown;
  setLocalDescription(description?: RTCSessionDescriptionInit): Promise<void>;
  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void>;
  addIceCandidate(candidate: RTCIceCandidateInit): Promise<void>;
  restartIce(): void;
  setConfiguration(configuration: RTCConfiguration): void;
  close(): void;
}
