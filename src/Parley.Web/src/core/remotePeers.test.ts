import { afterEach, describe, expect, it, vi } from 'vitest';
import { SETUP_TIMEOUT_MS, RESTART_RETRY_MS } from './iceRecovery';
import { RENEWED_TIMEOUT_MS, RemotePeers } from './remotePeers';
import type { JoinedRoom } from './roomSession';
import { encodeSignalMessage } from './signalMessage';
import { FakePeerConnection, FakeStream, FakeTrack, settle } from './testing/fakePeerConnection';
import type { SignalMessage } from './types';

const SELF = 'peer-self';
const ADA = { peerId: 'peer-ada', username: 'Ada' };
const BOB = { peerId: 'peer-bob', username: 'Bob' };
const STUN_ONLY: RTCConfiguration = { iceServers: [{ urls: ['stun:stun.example.test:3478'] }] };

function setup() {
  const connections: FakePeerConnection[] = [];
  const sent: Array<{ to: string; message: SignalMessage }> = [];
  const log: string[] = [];
  const local = new FakeStream('camera');
  const peers = new RemotePeers<FakeStream>({
    createPeerConnection: (configuration) => {
      const pc = new FakePeerConnection(`pc-${connections.length}`, configuration);
      connections.push(pc);
      return pc;
    },
    remoteOfferTimeoutMs: 40,
    localStream: () => local,
    send: (to, message) => sent.push({ to, message }),
    onOpened: (peer) => log.push(`opened ${peer.peerId} (${peer.connection.signalingState})`),
    onClosed: (peer) => log.push(`closed ${peer.peerId}`),
    onChange: () => {},
    warn: (message) => log.push(`warn ${message}`),
  });
  const join = (room: Partial<JoinedRoom> = {}) =>
    peers.joined({ attempt: 'join', peerId: SELF, peers: [], resumed: false, capacity: 4, configuration: STUN_ONLY, ...room });
  const kinds = () =>
    sent.map(({ to, message }) => `${to} ${'description' in message ? message.description.type : Object.keys(message)[0] ?? ''}`);
  return { peers, connections, sent, log, local, join, kinds };
}

const offerFrom = (sdp: string) => encodeSignalMessage({ description: { type: 'offer', sdp } });
const answerFrom = (sdp: string) => encodeSignalMessage({ description: { type: 'answer', sdp } });
/** Peer ids above and below SELF's: we are impolite towards ADA, polite towards ZED. */
const ZED = { peerId: 'peer-zed', username: 'Zed' };

describe('RemotePeers', () => {
  it('answers the peer already in the room instead of offering, with the local camera on the connection', async () => {
    const { peers, connections, join, kinds } = setup();
    join({ peers: [{ peerId: SELF, username: 'Me' }, ADA] });
    connections[0]?.fireNegotiationNeeded();
    await settle();
    expect(kinds()).toEqual([]);
    expect(connections[0]?.addedTracks).toHaveLength(2);

    peers.handle({ kind: 'data', event: { from: ADA.peerId, username: 'Ada', payload: offerFrom('from-ada') } });
    await settle();
    expect(kinds()).toEqual([`${ADA.peerId} answer`]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(kinds()).toHaveLength(1);
  });

  it('offers at once to a peer that gets ready, once the owner has added what the connection carries', async () => {
    const { peers, connections, join, kinds, log } = setup();
    join();
    peers.handle({ kind: 'ready', peer: { ...ADA, resumed: false } });
    await settle();
    expect(log).toEqual([`opened ${ADA.peerId} (stable)`]);
    expect(connections[0]?.signalingState).toBe('have-local-offer');
    expect(kinds()).toEqual([`${ADA.peerId} offer`]);

    connections[0]?.fireIceCandidate({ candidate: 'c', sdpMid: '0', sdpMLineIndex: 0 });
    expect(kinds()).toEqual([`${ADA.peerId} offer`, `${ADA.peerId} candidate`]);
  });

  it('hands renewed ICE servers to the running connection, and starts the next connection with them', () => {
    const { peers, connections, join } = setup();
    join({ peers: [ADA] });
    const renewed: RTCConfiguration = {
      iceServers: [{ urls: ['turn:turn.example.test:3478'], username: '1900000000:seat.self', credential: 'fresh' }],
    };

    peers.handle({ kind: 'ice-servers', configuration: renewed });
    peers.handle({ kind: 'ready', peer: { ...BOB, resumed: false } });

    expect(connections[0]?.configurations).toEqual([renewed]);
    expect(connections[1]?.configuration).toBe(renewed);
  });

  it('never negotiates with itself, nor before it has a seat', () => {
    const { peers, connections, join } = setup();
    peers.handle({ kind: 'ready', peer: { ...ADA, resumed: false } });
    expect(connections).toHaveLength(0);
    join();
    peers.handle({ kind: 'ready', peer: { peerId: SELF, username: 'Me', resumed: false } });
    expect(connections).toHaveLength(0);
  });

  it('replaces the connection when the same peer gets ready again after a reload', () => {
    const { peers, connections, join, log } = setup();
    join({ peers: [ADA] });
    peers.handle({ kind: 'ready', peer: { ...ADA, resumed: false } });
    expect(connections.map((pc) => pc.signalingState)).toEqual(['closed', 'stable']);
    expect(log).toEqual([`opened ${ADA.peerId} (stable)`, `closed ${ADA.peerId}`, `opened ${ADA.peerId} (stable)`]);
    expect(peers.first?.connection).toBe(connections[1]);
  });

  it('passes data on to the connection of its sender, and ignores data from anyone else', async () => {
    const { peers, connections, join } = setup();
    join({ peers: [ADA] });
    peers.handle({ kind: 'data', event: { from: BOB.peerId, username: 'Bob', payload: offerFrom('from-bob') } });
    await settle();
    expect(connections[0]?.remoteDescription).toBeNull();

    peers.handle({ kind: 'data', event: { from: ADA.peerId, username: 'Ada', payload: offerFrom('from-ada') } });
    await settle();
    expect(connections[0]?.remoteDescription).toEqual({ type: 'offer', sdp: 'from-ada' });
  });

  it('closes the connection of a peer who left and remembers their name; ignores anyone else leaving', () => {
    const { peers, connections, join } = setup();
    join({ peers: [ADA] });
    peers.handle({ kind: 'peer-left', peer: BOB });
    expect(peers.first?.peerId).toBe(ADA.peerId);
    expect(peers.lastLeft).toBeNull();

    peers.handle({ kind: 'peer-left', peer: { peerId: ADA.peerId, username: '' } });
    expect(connections[0]?.signalingState).toBe('closed');
    expect(peers.first).toBeUndefined();
    expect(peers.lastLeft).toBe('Ada');
  });

  it('holds one connection per peer, keyed by peer id, each fed and closed on its own', async () => {
    const { peers, connections, join, kinds } = setup();
    join({ peers: [ADA] });
    peers.handle({ kind: 'ready', peer: { ...BOB, resumed: false } });
    await settle();
    expect(connections.map((pc) => pc.signalingState)).toEqual(['stable', 'have-local-offer']);
    expect(kinds()).toEqual([`${BOB.peerId} offer`]);

    peers.handle({ kind: 'data', event: { from: ADA.peerId, username: 'Ada', payload: offerFrom('from-ada') } });
    await settle();
    expect(connections[0]?.remoteDescription).toEqual({ type: 'offer', sdp: 'from-ada' });
    expect(connections[1]?.remoteDescription).toBeNull();

    peers.handle({ kind: 'peer-left', peer: ADA });
    expect(connections.map((pc) => pc.signalingState === 'closed')).toEqual([true, false]);
    expect(peers.first?.peerId).toBe(BOB.peerId);
  });

  it('puts what is to be sent on every connection, without renegotiating', async () => {
    const { peers, connections, join, local } = setup();
    join({ peers: [ADA, BOB] });
    const screen = new FakeTrack('video', 'screen');
    peers.sendTracks({ audio: null, video: screen });
    await settle();
    for (const pc of connections) {
      expect([pc.sender('audio')?.track, pc.sender('video')?.track]).toEqual([null, screen]);
      expect(pc.log.filter((entry) => entry.startsWith('setLocalDescription'))).toEqual([]);
    }
    expect(local.getTracks()).not.toContain(screen);
  });

  it('shows a connection that failed after it was up as recovering, not as an error', () => {
    const { peers, connections, join } = setup();
    join({ peers: [ADA] });
    connections[0]?.setConnectionState('connected');
    connections[0]?.setConnectionState('failed');
    expect(peers.first?.view).toBe('recovering');
    connections[0]?.setConnectionState('connected');
    expect(peers.first?.view).toBe('connected');
  });

  it('keeps saying ICE failed while restarts run, until one finds a path, and whether a relay was offered', () => {
    const { peers, connections, join } = setup();
    join({ peers: [ADA] });
    connections[0]?.setConnectionState('failed');
    expect(peers.first).toMatchObject({ view: 'ice-failed', relayOffered: false });
    connections[0]?.setConnectionState('connecting');
    expect(peers.first?.view).toBe('ice-failed');
    connections[0]?.setConnectionState('connected');
    expect(peers.first?.view).toBe('connected');

    const relayed = setup();
    relayed.join({ peers: [ADA], configuration: { iceServers: [{ urls: 'turn:turn.example.test:3478' }] } });
    expect(relayed.peers.first?.relayOffered).toBe(true);
  });

  it('keeps a peer that is away as away, whatever its connection does, and the same connection when it resumes', async () => {
    const { peers, connections, join } = setup();
    join({ peers: [ADA] });
    peers.handle({ kind: 'data', event: { from: ADA.peerId, username: 'Ada', payload: offerFrom('from-ada') } });
    await settle();
    const pc = connections[0];
    pc?.setConnectionState('connected');

    peers.handle({ kind: 'peer-reconnecting', peer: ADA });
    pc?.setConnectionState('disconnected');
    expect(peers.first).toMatchObject({ away: true, view: 'connected' });

    pc?.setConnectionState('connected');
    peers.handle({ kind: 'ready', peer: { ...ADA, resumed: true } });
    expect(connections).toHaveLength(1);
    expect(pc?.signalingState).not.toBe('closed');
    expect(peers.first).toMatchObject({ away: false, view: 'connected' });
  });

  it('negotiates afresh when a peer that was away comes back without resuming (a reload)', () => {
    const { peers, connections, join } = setup();
    join({ peers: [ADA] });
    connections[0]?.setConnectionState('connected');
    peers.handle({ kind: 'peer-reconnecting', peer: ADA });
    peers.handle({ kind: 'ready', peer: { ...ADA, resumed: false } });
    expect(connections).toHaveLength(2);
    expect(connections[0]?.signalingState).toBe('closed');
    expect(peers.first?.away).toBe(false);
  });

  it('negotiates with a peer that says it resumed but has no connection with us', () => {
    const { peers, connections, join } = setup();
    join();
    peers.handle({ kind: 'ready', peer: { ...BOB, resumed: true } });
    expect(connections).toHaveLength(1);
  });

  it('after a resume of a held seat, goes on with the connection the peer kept', () => {
    const { peers, connections, join } = setup();
    join({ peers: [ADA] });
    connections[0]?.setConnectionState('connected');
    join({ attempt: 'resume', peers: [ADA], resumed: true });
    expect(connections).toHaveLength(1);
    expect(peers.first).toMatchObject({ connection: connections[0], view: 'connected' });
  });

  it('after a reconnection whose seat had expired, answers the peer on a fresh connection', () => {
    const { peers, connections, join } = setup();
    join({ peers: [ADA] });
    join({ attempt: 'resume', peerId: 'peer-self-2', peers: [ADA], resumed: false });
    expect(connections).toHaveLength(2);
    expect(connections[0]?.signalingState).toBe('closed');
    expect(peers.first?.connection).toBe(connections[1]);
  });

  it('after a reconnection to an empty room, ends the old connections and forgets who left', () => {
    const { peers, connections, join } = setup();
    join({ peers: [ADA, BOB] });
    peers.handle({ kind: 'peer-left', peer: BOB });
    join({ attempt: 'resume', peers: [], resumed: true });
    expect(connections.every((pc) => pc.signalingState === 'closed')).toBe(true);
    expect(peers.first).toBeUndefined();
    expect(peers.lastLeft).toBeNull();
  });

  it('keeps the call going when a restarted server no longer knows the room, until someone is ready again', () => {
    const { peers, connections, join } = setup();
    join({ peers: [ADA] });
    connections[0]?.setConnectionState('connected');
    join({ attempt: 'resume', peerId: 'peer-self-2', peers: [], resumed: false });
    expect(peers.first?.connection).toBe(connections[0]);
    expect(peers.hasLiveConnection()).toBe(true);

    peers.handle({ kind: 'ready', peer: { peerId: 'peer-ada-2', username: 'Ada', resumed: false } });
    expect(connections).toHaveLength(2);
    expect(connections[0]?.signalingState).toBe('closed');
    expect(peers.first?.peerId).toBe('peer-ada-2');
  });

  it('restarts ICE on every connection when asked to renegotiate', () => {
    const { peers, connections, join } = setup();
    join({ peers: [ADA, BOB] });
    peers.renegotiate();
    expect(connections.map((pc) => pc.restartIceCalls)).toEqual([1, 1]);
  });

  it('closes every connection on closeAll and says nothing is live', () => {
    const { peers, connections, join, log } = setup();
    join({ peers: [ADA, BOB] });
    peers.closeAll();
    expect(connections.every((pc) => pc.signalingState === 'closed')).toBe(true);
    expect(peers.hasLiveConnection()).toBe(false);
    expect(log.filter((entry) => entry.startsWith('closed'))).toEqual([`closed ${ADA.peerId}`, `closed ${BOB.peerId}`]);
  });

  describe('with a connection that stands still', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    const UDP_HOST = { candidate: 'candidate:1 1 udp 2122260223 192.0.2.2 50000 typ host', sdpMid: '0' };
    const fromAda = (payload: string) => ({ kind: 'data' as const, event: { from: ADA.peerId, username: 'Ada', payload } });

    /** We are impolite to Ada, whose connection gathered a UDP candidate and then stood still through a restart. */
    async function stalledWithAda() {
      vi.useFakeTimers();
      const setUp = setup();
      setUp.join();
      setUp.peers.handle({ kind: 'ready', peer: { ...ADA, resumed: false } });
      setUp.connections[0]?.fireIceCandidate(UDP_HOST);
      await vi.advanceTimersByTimeAsync(SETUP_TIMEOUT_MS);
      expect(setUp.connections[0]?.restartIceCalls).toBe(1);
      setUp.sent.length = 0;
      await vi.advanceTimersByTimeAsync(RESTART_RETRY_MS);
      return setUp;
    }

    it('replaces it after an ICE restart did not help, on the impolite side: renew first, then a new offer', async () => {
      const { peers, connections, sent, kinds, log } = await stalledWithAda();
      expect(connections.map((pc) => pc.signalingState)).toEqual(['closed', 'have-local-offer']);
      expect(sent[0]).toEqual({ to: ADA.peerId, message: { renew: true } });
      expect(kinds().slice(1)).toEqual([`${ADA.peerId} offer`]);
      expect(peers.first?.connection).toBe(connections[1]);
      expect(log).toContain(`warn Replacing the connection to Ada: it stood still through an ICE restart`);
    });

    it('drops what the peer sent for the replaced connection until it says renewed, then negotiates', async () => {
      const { peers, connections } = await stalledWithAda();
      // Ada's own restart of the old connection crossed our renew.
      peers.handle(fromAda(offerFrom('stale-restart')));
      peers.handle(fromAda(answerFrom('stale-answer')));
      await vi.advanceTimersByTimeAsync(0);
      expect(connections[1]?.remoteDescription).toBeNull();
      expect(connections[1]?.signalingState).toBe('have-local-offer');

      peers.handle(fromAda(encodeSignalMessage({ renewed: true })));
      peers.handle(fromAda(answerFrom('fresh-answer')));
      await vi.advanceTimersByTimeAsync(0);
      expect(connections[1]?.remoteDescription).toEqual({ type: 'answer', sdp: 'fresh-answer' });
    });

    it('stops dropping what the peer sends when no renewed comes in time', async () => {
      const { peers, connections } = await stalledWithAda();
      await vi.advanceTimersByTimeAsync(RENEWED_TIMEOUT_MS);
      peers.handle(fromAda(answerFrom('answer-of-an-older-client')));
      await vi.advanceTimersByTimeAsync(0);
      expect(connections[1]?.remoteDescription).toEqual({ type: 'answer', sdp: 'answer-of-an-older-client' });
    });

    it('gives each replacement twice as long to come up as the connection before it', async () => {
      const { connections } = await stalledWithAda();
      expect(connections).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(2 * SETUP_TIMEOUT_MS - 1);
      expect(connections[1]?.restartIceCalls).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(connections[1]?.restartIceCalls).toBe(1);
    });

    it('puts the replacement off by one restart while its own gathering still waits for a socket', async () => {
      vi.useFakeTimers();
      const { peers, connections, sent, join } = setup();
      join();
      peers.handle({ kind: 'ready', peer: { ...ADA, resumed: false } });
      connections[0]?.fireIceCandidate({ candidate: 'candidate:2 1 tcp 1518280447 192.0.2.2 9 typ host tcptype active', sdpMid: '0' });
      await vi.advanceTimersByTimeAsync(SETUP_TIMEOUT_MS + RESTART_RETRY_MS);
      expect(connections[0]?.restartIceCalls).toBe(2);
      await vi.advanceTimersByTimeAsync(2 * RESTART_RETRY_MS - 1);
      expect(connections).toHaveLength(1);
      expect(sent.some(({ message }) => 'renew' in message)).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(connections[0]?.restartIceCalls).toBe(2);
      expect(connections).toHaveLength(2);
      expect(sent.some(({ message }) => 'renew' in message)).toBe(true);
    });

    it('leaves the replacement to the impolite side when it is the polite one, and goes on restarting', async () => {
      vi.useFakeTimers();
      const { peers, connections, sent, join } = setup();
      join();
      peers.handle({ kind: 'ready', peer: { ...ZED, resumed: false } });
      await vi.advanceTimersByTimeAsync(SETUP_TIMEOUT_MS + 7 * RESTART_RETRY_MS);
      expect(connections).toHaveLength(1);
      // 12 s, then 8, 16 and 32 s later: each wait twice the one before.
      expect(connections[0]?.restartIceCalls).toBe(4);
      expect(sent.some(({ message }) => 'renew' in message)).toBe(false);
    });

    it('replaces its side when the peer renews, says renewed, and answers the new offer on the new connection', async () => {
      const { peers, connections, join, kinds, log } = setup();
      join({ peers: [ZED] });
      peers.handle({ kind: 'data', event: { from: ZED.peerId, username: 'Zed', payload: encodeSignalMessage({ renew: true }) } });
      expect(connections.map((pc) => pc.signalingState)).toEqual(['closed', 'stable']);
      expect(log).toEqual([`opened ${ZED.peerId} (stable)`, `closed ${ZED.peerId}`, `opened ${ZED.peerId} (stable)`]);

      peers.handle({ kind: 'data', event: { from: ZED.peerId, username: 'Zed', payload: offerFrom('from-zed-anew') } });
      await settle();
      expect(connections[1]?.remoteDescription).toEqual({ type: 'offer', sdp: 'from-zed-anew' });
      expect(kinds()).toEqual([`${ZED.peerId} renewed`, `${ZED.peerId} answer`]);
    });
  });

  it('ignores malformed payloads without touching the connection or failing', async () => {
    const { peers, connections, sent, join, log } = setup();
    join({ peers: [ADA] });
    const malformed = [
      '',
      'not json',
      'null',
      '42',
      '[]',
      '{}',
      '{"description":null}',
      '{"description":{"type":"bogus","sdp":"x"}}',
      '{"description":{"type":"offer","sdp":7}}',
      '{"candidate":42}',
      '{"candidate":{"sdpMid":"0"}}',
      '{"renew":"yes"}',
      '{"renewed":1}',
      '{"other":"thing"}',
    ];
    for (const payload of malformed) {
      peers.handle({ kind: 'data', event: { from: ADA.peerId, username: 'Ada', payload } });
    }
    await settle();

    expect(connections).toHaveLength(1);
    expect(connections[0]?.log).toEqual([]);
    expect(connections[0]?.addIceCandidateCalls).toBe(0);
    expect(sent).toEqual([]);
    expect(log).toEqual([`opened ${ADA.peerId} (stable)`]);
  });
});
