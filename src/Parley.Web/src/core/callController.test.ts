import { describe, expect, it } from 'vitest';
import { CallController } from './callController';
import type { CallState } from './callController';
import { createMemoryTokenStore } from './resumeTokens';
import { encodeSignalMessage } from './signalMessage';
import { FakePeerConnection, FakeStream, settle } from './testing/fakePeerConnection';
import { FakeSignalingChannel, joinResult } from './testing/fakeSignaling';

const ROOM = 'room-1';
const ADA = { peerId: 'peer-ada', username: 'Ada' };
const BOB = { peerId: 'peer-bob', username: 'Bob' };

function namedError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

function setup(options: { mediaError?: Error } = {}) {
  const signaling = new FakeSignalingChannel();
  const tokens = createMemoryTokenStore();
  const connections: FakePeerConnection[] = [];
  const camera = new FakeStream('camera');
  const states: CallState[] = [];
  const controller = new CallController<FakeStream>(
    { room: ROOM, username: 'Me' },
    {
      getUserMedia: () =>
        options.mediaError === undefined ? Promise.resolve(camera) : Promise.reject(options.mediaError),
      createSignaling: () => signaling,
      createPeerConnection: (configuration) => {
        const pc = new FakePeerConnection(`pc-${connections.length}`, configuration);
        connections.push(pc);
        return pc;
      },
      tokens,
      remoteOfferTimeoutMs: 40,
    },
  );
  controller.subscribe(() => {
    const state = controller.getSnapshot().status.state;
    if (states[states.length - 1] !== state) {
      states.push(state);
    }
  });
  const state = (): CallState => controller.getSnapshot().status.state;
  return { controller, signaling, tokens, connections, camera, states, state };
}

describe('CallController', () => {
  it('waits alone in an empty room and keeps the resume token for a reload', async () => {
    const { controller, signaling, tokens, state } = setup();
    await controller.start();

    expect(signaling.calls).toEqual(['connect', `join:${ROOM}:Me`]);
    expect(state()).toBe('waiting');
    expect(tokens.get(ROOM)).toBe('token-1');
    expect(controller.getSnapshot().localStream).not.toBeNull();
  });

  it('rejoins with the stored token instead of joining', async () => {
    const { controller, signaling, tokens } = setup();
    tokens.set(ROOM, 'old-token');
    signaling.result = joinResult({ resumeToken: 'new-token' });
    await controller.start();

    expect(signaling.calls).toEqual(['connect', `rejoin:${ROOM}:Me:old-token`]);
    expect(tokens.get(ROOM)).toBe('new-token');
  });

  it('connects to the peer already in the room, with the ICE servers from Join', async () => {
    const { controller, signaling, connections, state } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();

    expect(connections).toHaveLength(1);
    expect(connections[0]?.configuration).toEqual({
      iceTransportPolicy: 'all',
      iceServers: [{ urls: ['stun:stun.example.test:3478'] }],
    });
    expect(connections[0]?.addedTracks).toHaveLength(2);
    expect(controller.getSnapshot().status).toEqual({ state: 'connecting', peerName: 'Ada' });

    connections[0]?.setConnectionState('connected');
    expect(state()).toBe('connected');
  });

  it('addresses every message to the remote peer', async () => {
    const { controller, signaling, connections } = setup();
    await controller.start();
    signaling.ready(ADA);
    connections[0]?.fireNegotiationNeeded();
    connections[0]?.fireIceCandidate({ candidate: 'c', sdpMid: '0', sdpMLineIndex: 0 });
    await settle();

    expect(signaling.sent.map(({ to }) => to)).toEqual([ADA.peerId, ADA.peerId]);
    expect(signaling.sent.map(({ message }) => Object.keys(message)[0])).toEqual(['candidate', 'description']);
  });

  it('offers at once to a peer that gets ready', async () => {
    const { controller, signaling, connections } = setup();
    await controller.start();
    signaling.ready(ADA);
    connections[0]?.fireNegotiationNeeded();
    await settle();
    expect(connections[0]?.signalingState).toBe('have-local-offer');
  });

  it('as the newcomer, leaves the first offer to the peer already in the room and answers it', async () => {
    const { controller, signaling, connections } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    connections[0]?.fireNegotiationNeeded();
    await settle();
    expect(signaling.sent).toEqual([]);

    signaling.data(ADA.peerId, encodeSignalMessage({ description: { type: 'offer', sdp: 'from-ada' } }));
    await settle();
    expect(signaling.sent.map(({ message }) => ('description' in message ? message.description.type : null))).toEqual([
      'answer',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(signaling.sent).toHaveLength(1);
  });

  it('goes from waiting to connecting when a peer gets ready, and shows who left', async () => {
    const { controller, signaling, connections, states } = setup();
    await controller.start();

    signaling.ready(ADA);
    expect(connections).toHaveLength(1);
    signaling.peerLeft(ADA);
    expect(connections[0]?.signalingState).toBe('closed');
    expect(controller.getSnapshot().status).toEqual({ state: 'peer-left', peerName: 'Ada' });

    signaling.ready(BOB);
    expect(connections).toHaveLength(2);
    connections[1]?.setConnectionState('connected');
    expect(states).toEqual([
      'connecting-server',
      'waiting',
      'connecting',
      'peer-left',
      'connecting',
      'connected',
    ]);
  });

  it('replaces the session when the same peer gets ready again after a reload', async () => {
    const { controller, signaling, connections } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();

    signaling.ready(ADA);
    expect(connections).toHaveLength(2);
    expect(connections[0]?.signalingState).toBe('closed');
    expect(connections[1]?.signalingState).toBe('stable');
  });

  it('passes data from the remote peer on, and ignores data from anyone else', async () => {
    const { controller, signaling, connections } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    const offer = encodeSignalMessage({ description: { type: 'offer', sdp: 'from-ada' } });

    signaling.data(BOB.peerId, offer);
    await settle();
    expect(connections[0]?.remoteDescription).toBeNull();

    signaling.data(ADA.peerId, offer);
    await settle();
    expect(connections[0]?.remoteDescription).toEqual({ type: 'offer', sdp: 'from-ada' });
  });

  it('ignores PeerLeft for a peer it is not talking to', async () => {
    const { controller, signaling, state } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    signaling.peerLeft(BOB);
    expect(state()).toBe('connecting');
  });

  it('holds events that arrive while Join is in flight until it returns', async () => {
    const { controller, signaling, connections } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    const started = controller.start();
    await Promise.resolve();
    await Promise.resolve();
    signaling.data(ADA.peerId, encodeSignalMessage({ description: { type: 'offer', sdp: 'early' } }));
    await started;
    await settle();
    expect(connections[0]?.remoteDescription).toEqual({ type: 'offer', sdp: 'early' });
  });

  it('shows room-full when the room is full', async () => {
    const { controller, signaling, connections, state } = setup();
    signaling.result = joinResult({
      error: { code: 'room-full', message: 'This room is full.' },
      peerId: null,
      resumeToken: null,
    });
    await controller.start();
    expect(state()).toBe('room-full');
    expect(connections).toHaveLength(0);
  });

  it('shows any other refusal as an error with the server message', async () => {
    const { controller, signaling } = setup();
    signaling.result = joinResult({
      error: { code: 'invalid-username', message: 'The username is not valid.' },
      peerId: null,
    });
    await controller.start();
    expect(controller.getSnapshot().status).toEqual({
      state: 'error',
      message: 'The username is not valid.',
    });
  });

  it.each([
    ['NotAllowedError', 'media-denied'],
    ['NotFoundError', 'media-missing'],
    ['OverconstrainedError', 'media-missing'],
    ['NotReadableError', 'error'],
  ] as const)('maps a %s from getUserMedia to %s without contacting the server', async (name, expected) => {
    const { controller, signaling, state } = setup({ mediaError: namedError(name) });
    await controller.start();
    expect(state()).toBe(expected);
    expect(signaling.calls).toEqual([]);
  });

  it('shows server-unreachable when the hub cannot be reached', async () => {
    const { controller, signaling, state } = setup();
    signaling.connectError = new Error('Failed to fetch');
    await controller.start();
    expect(state()).toBe('server-unreachable');
  });

  it('shows server-unreachable when the hub connection drops mid-call', async () => {
    const { controller, signaling, connections, state } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    signaling.drop();
    expect(state()).toBe('server-unreachable');
    expect(connections[0]?.signalingState).toBe('closed');
  });

  it('on dispose leaves the room, stops the camera, closes the connection and forgets the token', async () => {
    const { controller, signaling, connections, camera, tokens } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    await controller.dispose();

    expect(signaling.calls.slice(-2)).toEqual(['leave', 'disconnect']);
    expect(camera.getTracks().every((track) => track.stopped)).toBe(true);
    expect(connections[0]?.signalingState).toBe('closed');
    expect(signaling.subscribed).toBe(false);
    expect(tokens.get(ROOM)).toBeNull();
  });

  it('stops the camera it gets after being disposed mid-start and never joins', async () => {
    const { controller, signaling, camera } = setup();
    const started = controller.start();
    await controller.dispose();
    await started;

    expect(camera.getTracks().every((track) => track.stopped)).toBe(true);
    expect(signaling.calls).toEqual([]);
  });
});
