import { describe, expect, it, vi } from 'vitest';
import { PeerSession, isPolite, toPeerConnectionStatus } from './peerSession';
import type { PeerConnectionStatus } from './peerSession';
import { encodeSignalMessage, parseSignalMessage } from './signalMessage';
import { FakePeerConnection, FakeStream, FakeTrack, settle } from './testing/fakePeerConnection';
import type { SignalMessage } from './types';

// "peer-a" < "peer-b", so A is the polite side and B the impolite one.
const POLITE_ID = 'peer-a';
const IMPOLITE_ID = 'peer-b';

interface Side {
  pc: FakePeerConnection;
  session: PeerSession<FakeStream>;
  /** Messages this side sent to the other, not yet delivered. */
  outbox: SignalMessage[];
  errors: unknown[];
  statuses: PeerConnectionStatus[];
  remoteStreams: FakeStream[];
  stream: FakeStream;
}

function createSide(
  localPeerId: string,
  remotePeerId: string,
  options: { awaitRemoteOffer?: boolean; remoteOfferTimeoutMs?: number } = {},
): Side {
  const pc = new FakePeerConnection(localPeerId);
  const outbox: SignalMessage[] = [];
  const errors: unknown[] = [];
  const statuses: PeerConnectionStatus[] = [];
  const remoteStreams: FakeStream[] = [];
  const stream = new FakeStream(`${localPeerId}-camera`);
  const session = new PeerSession<FakeStream>({
    pc,
    localPeerId,
    remotePeerId,
    localStream: stream,
    ...options,
    send: (message) => outbox.push(message),
    onRemoteStream: (remote) => remoteStreams.push(remote),
    onStatusChange: (status) => statuses.push(status),
    onError: (error) => errors.push(error),
  });
  return { pc, session, outbox, errors, statuses, remoteStreams, stream };
}

function createPair(): { polite: Side; impolite: Side } {
  return {
    polite: createSide(POLITE_ID, IMPOLITE_ID),
    impolite: createSide(IMPOLITE_ID, POLITE_ID),
  };
}

/** Delivers everything `from` has sent so far to `to`, through the JSON payload path. */
async function deliver(from: Side, to: Side): Promise<void> {
  const messages = from.outbox.splice(0);
  for (const message of messages) {
    const parsed = parseSignalMessage(encodeSignalMessage(message));
    if (parsed !== null) {
      void to.session.handleMessage(parsed);
    }
  }
  await settle();
}

function descriptionsIn(outbox: SignalMessage[]): RTCSessionDescriptionInit[] {
  return outbox.flatMap((message) => ('description' in message ? [message.description] : []));
}

const candidate = (n: number): RTCIceCandidateInit => ({
  candidate: `candidate:${n} 1 udp 2122260223 192.0.2.${n} 5000${n} typ host`,
  sdpMid: '0',
  sdpMLineIndex: 0,
});

describe('politeness', () => {
  it('makes exactly one side of a pair polite, whichever side computes it', () => {
    expect(isPolite('peer-a', 'peer-b')).toBe(true);
    expect(isPolite('peer-b', 'peer-a')).toBe(false);
    const { polite, impolite } = createPair();
    expect(polite.session.polite).toBe(true);
    expect(impolite.session.polite).toBe(false);
  });
});

describe('PeerSession', () => {
  it('adds every local track to the connection together with its stream', () => {
    const side = createSide(POLITE_ID, IMPOLITE_ID);
    expect(side.pc.addedTracks.map(({ track }) => track.kind)).toEqual(['audio', 'video']);
    expect(side.pc.addedTracks.every(({ stream }) => stream === side.stream)).toBe(true);
  });

  it('answers an offer and ends with both sides stable', async () => {
    const { polite, impolite } = createPair();
    impolite.pc.fireNegotiationNeeded();
    await settle();
    expect(descriptionsIn(impolite.outbox).map((d) => d.type)).toEqual(['offer']);

    await deliver(impolite, polite);
    expect(descriptionsIn(polite.outbox).map((d) => d.type)).toEqual(['answer']);
    await deliver(polite, impolite);

    expect(polite.pc.signalingState).toBe('stable');
    expect(impolite.pc.signalingState).toBe('stable');
    expect(impolite.pc.remoteDescription?.type).toBe('answer');
    expect([...polite.errors, ...impolite.errors]).toEqual([]);
  });

  it('on glare, the polite side rolls its offer back and answers the other offer', async () => {
    const { polite, impolite } = createPair();
    polite.pc.fireNegotiationNeeded();
    impolite.pc.fireNegotiationNeeded();
    await settle();
    expect(polite.pc.signalingState).toBe('have-local-offer');
    expect(impolite.pc.signalingState).toBe('have-local-offer');

    // Both offers cross on the wire.
    const politeOffer = polite.outbox.splice(0);
    const impoliteOffer = impolite.outbox.splice(0);
    for (const message of impoliteOffer) {
      void polite.session.handleMessage(message);
    }
    for (const message of politeOffer) {
      void impolite.session.handleMessage(message);
    }
    await settle();

    expect(polite.pc.log).toContain('rollback');
    expect(polite.pc.log).toContain(`setRemoteDescription:offer:${IMPOLITE_ID}-offer-1`);
    expect(descriptionsIn(polite.outbox).map((d) => d.type)).toEqual(['answer']);

    await deliver(polite, impolite);
    expect(polite.pc.signalingState).toBe('stable');
    expect(impolite.pc.signalingState).toBe('stable');
    expect(impolite.pc.remoteDescription?.type).toBe('answer');
    expect([...polite.errors, ...impolite.errors]).toEqual([]);
  });

  it('on glare, the impolite side ignores the colliding offer and keeps its own', async () => {
    const { polite, impolite } = createPair();
    polite.pc.fireNegotiationNeeded();
    impolite.pc.fireNegotiationNeeded();
    await settle();

    await deliver(polite, impolite);

    expect(impolite.pc.log.some((entry) => entry.startsWith('setRemoteDescription'))).toBe(false);
    expect(impolite.pc.log).not.toContain('rollback');
    expect(impolite.pc.signalingState).toBe('have-local-offer');
    // Only its own offer went out: no answer to the ignored one.
    expect(descriptionsIn(impolite.outbox).map((d) => d.type)).toEqual(['offer']);
    expect(impolite.errors).toEqual([]);
  });

  it('on the impolite side, treats an offer that arrives while its own offer is being made as glare', async () => {
    const { polite, impolite } = createPair();
    polite.pc.fireNegotiationNeeded();
    await settle();

    const release = impolite.pc.holdSetLocalDescription();
    impolite.pc.fireNegotiationNeeded();
    // Still "stable": only the makingOffer flag tells that an offer is on its way.
    expect(impolite.pc.signalingState).toBe('stable');
    await deliver(polite, impolite);
    release();
    await settle();

    expect(impolite.pc.log.some((entry) => entry.startsWith('setRemoteDescription'))).toBe(false);
    expect(descriptionsIn(impolite.outbox).map((d) => d.type)).toEqual(['offer']);
  });

  it('queues candidates that arrive before the remote description and applies them after it', async () => {
    const { polite, impolite } = createPair();
    impolite.pc.fireNegotiationNeeded();
    await settle();
    const offer = impolite.outbox.splice(0);

    await polite.session.handleMessage({ candidate: candidate(1) });
    await polite.session.handleMessage({ candidate: candidate(2) });
    expect(polite.pc.addIceCandidateCalls).toBe(0);

    for (const message of offer) {
      await polite.session.handleMessage(message);
    }
    await settle();

    expect(polite.pc.addedCandidates).toEqual([candidate(1), candidate(2)]);
    const log = polite.pc.log;
    expect(log.indexOf(`setRemoteDescription:offer:${IMPOLITE_ID}-offer-1`)).toBeLessThan(
      log.indexOf(`addIceCandidate:${candidate(1).candidate ?? ''}`),
    );
    expect(polite.errors).toEqual([]);
  });

  it('answers an offer before it applies the candidates that came with it', async () => {
    const { polite, impolite } = createPair();
    impolite.pc.fireNegotiationNeeded();
    await settle();
    const offer = impolite.outbox.splice(0);
    await polite.session.handleMessage({ candidate: candidate(1) });

    for (const message of offer) {
      await polite.session.handleMessage(message);
    }
    await settle();

    const log = polite.pc.log;
    expect(log.indexOf('setLocalDescription:answer')).toBeGreaterThanOrEqual(0);
    expect(log.indexOf('setLocalDescription:answer')).toBeLessThan(log.indexOf(`addIceCandidate:${candidate(1).candidate ?? ''}`));
    expect(polite.pc.addedCandidates).toEqual([candidate(1)]);
  });

  it('queues candidates that arrive while the remote description is still being applied', async () => {
    const { polite, impolite } = createPair();
    impolite.pc.fireNegotiationNeeded();
    await settle();

    const release = polite.pc.holdSetRemoteDescription();
    await deliver(impolite, polite);
    await polite.session.handleMessage({ candidate: candidate(3) });
    expect(polite.pc.addIceCandidateCalls).toBe(0);

    release();
    await settle();
    expect(polite.pc.addedCandidates).toEqual([candidate(3)]);
    expect(polite.errors).toEqual([]);
  });

  it('applies candidates at once when the remote description is already set', async () => {
    const { polite, impolite } = createPair();
    impolite.pc.fireNegotiationNeeded();
    await settle();
    await deliver(impolite, polite);

    await polite.session.handleMessage({ candidate: candidate(4) });
    expect(polite.pc.addedCandidates).toEqual([candidate(4)]);
  });

  it('drops the candidates of an ignored offer, even after the negotiation completes', async () => {
    const { polite, impolite } = createPair();
    polite.pc.fireNegotiationNeeded();
    impolite.pc.fireNegotiationNeeded();
    await settle();

    const politeOffer = polite.outbox.splice(0);
    for (const message of politeOffer) {
      void impolite.session.handleMessage(message);
    }
    await settle();
    await impolite.session.handleMessage({ candidate: candidate(5) });
    expect(impolite.pc.addIceCandidateCalls).toBe(0);

    // The polite side answers the impolite offer; its answer ends the ignoring.
    await deliver(impolite, polite);
    await deliver(polite, impolite);
    expect(impolite.pc.signalingState).toBe('stable');
    expect(impolite.pc.addedCandidates).toEqual([]);

    await impolite.session.handleMessage({ candidate: candidate(6) });
    expect(impolite.pc.addedCandidates).toEqual([candidate(6)]);
    expect(impolite.errors).toEqual([]);
  });

  it('when told to await the remote offer, makes no offer of its own and answers the remote one', async () => {
    const waiting = createSide(POLITE_ID, IMPOLITE_ID, { awaitRemoteOffer: true, remoteOfferTimeoutMs: 40 });
    const offering = createSide(IMPOLITE_ID, POLITE_ID);
    waiting.pc.fireNegotiationNeeded();
    offering.pc.fireNegotiationNeeded();
    await settle();
    expect(waiting.outbox).toEqual([]);

    await deliver(offering, waiting);
    await deliver(waiting, offering);
    expect(waiting.pc.log).not.toContain('rollback');
    expect(waiting.pc.signalingState).toBe('stable');
    expect(offering.pc.signalingState).toBe('stable');

    // Once answered it does not come back with a late offer of its own.
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(waiting.outbox).toEqual([]);
  });

  it('offer() makes the offer at once, without a negotiationneeded event, and the pair ends stable', async () => {
    const { polite, impolite } = createPair();
    impolite.session.offer();
    await settle();
    expect(descriptionsIn(impolite.outbox).map((d) => d.type)).toEqual(['offer']);

    // The browser's own negotiationneeded, coming late, finds the offer made and adds none.
    impolite.pc.fireNegotiationNeeded();
    await deliver(impolite, polite);
    await deliver(polite, impolite);
    expect(impolite.pc.log.filter((entry) => entry === 'setLocalDescription:offer')).toHaveLength(1);
    expect(polite.pc.signalingState).toBe('stable');
    expect(impolite.pc.signalingState).toBe('stable');
    expect([...polite.errors, ...impolite.errors]).toEqual([]);
  });

  it('when both sides offer() at once, the glare resolves with the impolite offer answered', async () => {
    const { polite, impolite } = createPair();
    polite.session.offer();
    impolite.session.offer();
    await settle();

    // Both offers cross on the wire.
    const politeOffer = polite.outbox.splice(0);
    await deliver(impolite, polite);
    for (const message of politeOffer) {
      void impolite.session.handleMessage(message);
    }
    await settle();
    await deliver(polite, impolite);

    expect(polite.pc.log).toContain('rollback');
    expect(impolite.pc.log.some((entry) => entry.startsWith('setRemoteDescription:offer'))).toBe(false);
    expect(impolite.pc.remoteDescription?.type).toBe('answer');
    expect(polite.pc.signalingState).toBe('stable');
    expect(impolite.pc.signalingState).toBe('stable');
    expect([...polite.errors, ...impolite.errors]).toEqual([]);
  });

  it('offer() on a session awaiting the remote offer defers to it and answers instead', async () => {
    const waiting = createSide(POLITE_ID, IMPOLITE_ID, { awaitRemoteOffer: true, remoteOfferTimeoutMs: 40 });
    const offering = createSide(IMPOLITE_ID, POLITE_ID);
    waiting.session.offer();
    offering.session.offer();
    await settle();
    expect(waiting.outbox).toEqual([]);

    await deliver(offering, waiting);
    expect(descriptionsIn(waiting.outbox).map((d) => d.type)).toEqual(['answer']);
    await deliver(waiting, offering);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(waiting.outbox).toEqual([]);
    expect(offering.pc.signalingState).toBe('stable');
  });

  it('makes its own offer when the awaited remote offer does not come in time', async () => {
    // Long enough that settle() ends well before it even on a loaded machine.
    const waiting = createSide(POLITE_ID, IMPOLITE_ID, { awaitRemoteOffer: true, remoteOfferTimeoutMs: 300 });
    waiting.pc.fireNegotiationNeeded();
    await settle();
    expect(waiting.outbox).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 400));
    await settle();
    expect(descriptionsIn(waiting.outbox).map((d) => d.type)).toEqual(['offer']);
  });

  it('sends each local ICE candidate, and null at the end of candidates', () => {
    const side = createSide(POLITE_ID, IMPOLITE_ID);
    side.pc.fireIceCandidate(candidate(7));
    side.pc.fireIceCandidate(null);
    expect(side.outbox).toEqual([{ candidate: candidate(7) }, { candidate: null }]);
  });

  it('hands the remote stream of an incoming track to its listener', () => {
    const side = createSide(POLITE_ID, IMPOLITE_ID);
    const remote = new FakeStream('remote');
    side.pc.fireTrack(remote);
    expect(side.remoteStreams).toEqual([remote]);
  });

  it('reports connection state changes: connected, connecting again, failed', () => {
    const side = createSide(POLITE_ID, IMPOLITE_ID);
    side.pc.setConnectionState('connecting');
    side.pc.setConnectionState('connected');
    side.pc.setConnectionState('disconnected');
    side.pc.setConnectionState('failed');
    expect(side.statuses).toEqual(['connecting', 'connected', 'connecting', 'failed']);
    expect(toPeerConnectionStatus('closed')).toBeNull();
  });

  it('starts a new negotiation on renegotiate()', async () => {
    const { polite, impolite } = createPair();
    impolite.pc.fireNegotiationNeeded();
    await settle();
    await deliver(impolite, polite);
    await deliver(polite, impolite);

    polite.session.renegotiate();
    await settle();
    expect(polite.pc.restartIceCalls).toBe(1);
    expect(descriptionsIn(polite.outbox).map((d) => d.type)).toEqual(['offer']);
  });

  it('closes the connection and then ignores messages and local events', async () => {
    const side = createSide(POLITE_ID, IMPOLITE_ID);
    const onError = vi.fn();
    side.session.close();
    side.session.close();
    await side.session.handleMessage({ description: { type: 'offer', sdp: 'x' } });
    side.pc.fireIceCandidate(candidate(8));
    side.pc.fireNegotiationNeeded();
    await settle();

    expect(side.pc.log).toEqual(['close']);
    expect(side.outbox).toEqual([]);
    expect(onError).not.toHaveBeenCalled();
    expect(side.session.isClosed).toBe(true);
  });
});

describe('PeerSession media and recovery', () => {
  it('swaps the track a sender sends without renegotiating, and sends nothing for null', async () => {
    const pc = new FakePeerConnection('a');
    const stream = new FakeStream('cam');
    const session = new PeerSession<FakeStream>({ pc, localPeerId: 'a', remotePeerId: 'b', localStream: stream, send: () => {} });
    const audio = pc.sender('audio');

    await session.replaceTrack('audio', null);
    expect(audio?.track).toBeNull();
    const replacement = new FakeTrack('audio');
    await session.replaceTrack('audio', replacement);
    expect(audio?.replaced).toEqual([null, replacement]);
    expect(pc.log).toEqual([]);
    expect(session.canSend('video')).toBe(true);
    expect(session.canSend('screen')).toBe(false);
  });

  it('restarts ICE by itself when the ICE connection fails', async () => {
    const pc = new FakePeerConnection('a');
    const sent: unknown[] = [];
    const session = new PeerSession<FakeStream>({ pc, localPeerId: 'a', remotePeerId: 'b', localStream: null, send: (m) => sent.push(m) });
    pc.setIceConnectionState('failed');
    await settle();
    expect(pc.restartIceCalls).toBe(1);
    expect(session.iceRestarts).toBe(1);
    expect(pc.signalingState).toBe('have-local-offer');
    session.close();
  });

  it('reads the parameters again when the browser refuses them mid-negotiation, and reports a second refusal', async () => {
    const pc = new FakePeerConnection('a');
    const errors: unknown[] = [];
    const session = new PeerSession<FakeStream>({
      pc,
      localPeerId: 'a',
      remotePeerId: 'b',
      localStream: new FakeStream('cam'),
      send: () => {},
      onError: (error) => errors.push(error),
    });
    const video = pc.sender('video');
    if (video === undefined) {
      throw new Error('the session added no video sender');
    }
    video.negotiated = true;
    const refusal = (): DOMException =>
      new DOMException('Attempted to set RtpParameters with modified RTCP parameters', 'InvalidModificationError');

    video.refusals.push(refusal());
    await session.limitSending('video', { maxBitrateKbps: 300, scaleResolutionDownBy: 2, priority: 'low' });
    expect(video.encoding?.maxBitrate).toBe(300_000);
    expect(errors).toEqual([]);

    video.refusals.push(refusal(), refusal());
    await session.limitSending('video', { maxBitrateKbps: 200, scaleResolutionDownBy: 2, priority: 'low' });
    expect(video.encoding?.maxBitrate).toBe(300_000);
    expect(errors).toHaveLength(1);
    session.close();
  });

  it('does not restart ICE when recovery is turned off', () => {
    const pc = new FakePeerConnection('a');
    const session = new PeerSession<FakeStream>({
      pc,
      localPeerId: 'a',
      remotePeerId: 'b',
      localStream: null,
      send: () => {},
      iceRecovery: false,
    });
    pc.setIceConnectionState('failed');
    expect(pc.restartIceCalls).toBe(0);
    session.close();
  });
});
