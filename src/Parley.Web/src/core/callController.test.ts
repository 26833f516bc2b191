import { describe, expect, it } from 'vitest';
import { encodeSignalMessage } from './signalMessage';
import { ADA, BOB, ROOM, setupCall as setup } from './testing/callHarness';
import { FakeDataChannel } from './testing/fakeDataChannel';
import { FakeSignalingChannel, joinResult } from './testing/fakeSignaling';
import { FakeStream, settle } from './testing/fakePeerConnection';
import { namedError } from './testing/namedError';

describe('CallController', () => {
  it('waits alone in an empty room and keeps the resume token for a reload', async () => {
    const { controller, signaling, tokens, state } = setup();
    await controller.start();

    expect(signaling.calls).toEqual(['connect', `join:${ROOM}:Me`]);
    expect(state()).toBe('waiting');
    expect(tokens.get(ROOM)).toBe('token-1');
    expect(controller.getSnapshot().localStream).not.toBeNull();
  });

  it('connects to the peer already in the room, with the ICE servers from Join', async () => {
    const { controller, signaling, connections, state } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();

    expect(connections).toHaveLength(1);
    expect(connections[0]?.configuration).toEqual({
      iceTransportPolicy: 'all',
      bundlePolicy: 'max-bundle',
      iceCandidatePoolSize: 0,
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
    await settle();
    connections[0]?.fireIceCandidate({ candidate: 'c', sdpMid: '0', sdpMLineIndex: 0 });
    await settle();

    expect(signaling.sent.map(({ to }) => to)).toEqual([ADA.peerId, ADA.peerId]);
    expect(signaling.sent.map(({ message }) => Object.keys(message)[0])).toEqual(['description', 'candidate']);
  });

  it('offers to a peer that gets ready at once, without waiting for negotiationneeded', async () => {
    const { controller, signaling, connections } = setup();
    await controller.start();
    signaling.ready(ADA);
    await settle();

    expect(connections[0]?.signalingState).toBe('have-local-offer');
    const offers = signaling.sent.flatMap(({ message }) => ('description' in message ? [message.description] : []));
    expect(offers.map((d) => d.type)).toEqual(['offer']);
    // Made after the tracks and DataChannels were added, so it carries them all.
    expect(connections[0]?.addedTracks).toHaveLength(2);
    expect(connections[0]?.dataChannels.length).toBeGreaterThan(0);
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

  it('holds events that arrive while Join is in flight until it returns', async () => {
    const { controller, signaling, connections } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    signaling.holdJoin = true;
    const started = controller.start();
    await settle();
    expect(signaling.calls).toEqual(['connect', `join:${ROOM}:Me`]);
    signaling.data(ADA.peerId, encodeSignalMessage({ description: { type: 'offer', sdp: 'early' } }));
    signaling.completeJoin();
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

  it("shows any other refusal as an error with the server's code and message", async () => {
    const { controller, signaling } = setup();
    signaling.result = joinResult({
      error: { code: 'invalid-username', message: 'The username is not valid.' },
      peerId: null,
    });
    await controller.start();
    expect(controller.getSnapshot().status).toEqual({
      state: 'error',
      error: { code: 'refused', serverCode: 'invalid-username', serverMessage: 'The username is not valid.' },
    });
  });

  it.each([
    ['NotAllowedError', 'media-denied'],
    ['NotFoundError', 'media-missing'],
    ['OverconstrainedError', 'media-missing'],
    ['NotReadableError', 'error'],
  ] as const)('maps a %s from getUserMedia to %s, never joins and closes the signaling connection', async (name, expected) => {
    const { controller, signaling, state } = setup({ mediaError: namedError(name) });
    await controller.start();
    expect(state()).toBe(expected);
    expect(signaling.calls).toEqual(['connect', 'disconnect']);
    expect(signaling.subscribed).toBe(false);
  });

  it('connects to the server while the camera starts, and joins once both are ready', async () => {
    const { controller, signaling, openCamera, connections } = setup({ holdCamera: true });
    signaling.result = joinResult({ peers: [ADA] });
    const started = controller.start();
    await settle();
    expect(signaling.calls).toEqual(['connect']);

    openCamera();
    await started;
    expect(signaling.calls).toEqual(['connect', `join:${ROOM}:Me`]);
    expect(connections[0]?.addedTracks).toHaveLength(2);
  });

  it("takes over the pre-join screen's camera and signaling connection instead of opening them again", async () => {
    const preview = new FakeStream('preview');
    const early = new FakeSignalingChannel();
    early.result = joinResult({ peers: [ADA] });
    const { controller, requested, connections, createdSignaling } = setup({
      prepared: { stream: preview, signaling: early },
    });
    await controller.start();

    expect(requested).toEqual([]);
    expect(createdSignaling()).toBe(0);
    expect(early.calls).toEqual(['connect', `join:${ROOM}:Me`]);
    expect(controller.getSnapshot().localStream).toBe(preview);
    expect(connections[0]?.addedTracks.map(({ stream }) => stream)).toEqual([preview, preview]);
  });

  it('disposed before it starts, stops the preview stream and closes the signaling connection it was handed', async () => {
    const preview = new FakeStream('preview');
    const early = new FakeSignalingChannel();
    const { controller } = setup({ prepared: { stream: preview, signaling: early } });
    await controller.dispose();

    expect(preview.getTracks().every((track) => track.stopped)).toBe(true);
    expect(early.calls).toEqual(['disconnect']);
  });

  it('shows server-unreachable when the server cannot be reached', async () => {
    const { controller, signaling, state } = setup();
    signaling.connectError = new Error('Failed to fetch');
    await controller.start();
    expect(state()).toBe('server-unreachable');
  });

  it('shows server-unreachable when the signaling connection drops mid-call', async () => {
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
    expect(signaling.calls).toEqual(['connect', 'disconnect']);
  });

  it('opens chat and file channels on each connection and keeps the chat across reconnections', async () => {
    const { controller, signaling, connections } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    const remote = new FakeDataChannel('chat', 0);
    const chat = connections[0]?.dataChannels.find((c) => c.label === 'chat');
    if (chat === undefined) {
      throw new Error('no chat channel');
    }
    FakeDataChannel.pair(chat, remote);
    remote.send(JSON.stringify({ type: 'chat', text: 'hello' }));
    await settle();
    expect(controller.getSnapshot().data.chat.map((m) => [m.author, m.text])).toEqual([['Ada', 'hello']]);
    expect(controller.getSnapshot().data.unreadChat).toBe(1);

    signaling.ready(ADA); // Ada reloaded: a new connection, with new channels.
    expect(connections[1]?.dataChannels.map((c) => c.label)).toEqual(['state', 'chat', 'file']);
    expect(controller.getSnapshot().data.chat).toHaveLength(1);
  });

  it('says no path was found when ICE fails before the call ever connected, and keeps saying it while retrying', async () => {
    const { controller, signaling, connections } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    connections[0]?.setConnectionState('failed');
    // joinResult offers only STUN: no relay was there to try.
    expect(controller.getSnapshot().status).toEqual({ state: 'ice-failed', peerName: 'Ada', relayOffered: false });

    connections[0]?.setConnectionState('connecting');
    expect(controller.getSnapshot().status.state).toBe('ice-failed');
    connections[0]?.setConnectionState('connected');
    expect(controller.getSnapshot().status).toEqual({ state: 'connected', peerNames: ['Ada'] });
  });

  it('keeps the call going while the signaling connection reconnects, then resumes its held seat with its token', async () => {
    const { controller, signaling, connections, state } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    connections[0]?.setConnectionState('connected');

    signaling.reconnecting();
    expect(controller.getSnapshot().signalingReconnecting).toBe(true);
    expect(state()).toBe('connected');
    expect(connections[0]?.signalingState).not.toBe('closed');

    signaling.result = joinResult({ resumeToken: 'token-1', peers: [ADA], resumed: true });
    signaling.reconnected();
    await settle();
    expect(signaling.calls.at(-1)).toBe(`resume:${ROOM}:Me:token-1`);
    expect(controller.getSnapshot().signalingReconnecting).toBe(false);
    // The seat was held and Ada kept her side: the same peer connection goes on.
    expect(state()).toBe('connected');
    expect(connections).toHaveLength(1);
    expect(connections[0]?.signalingState).not.toBe('closed');
  });

  it('shows the peer as reconnecting, and keeps the same peer connection when they resume', async () => {
    const { controller, signaling, connections, states } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    signaling.data(ADA.peerId, encodeSignalMessage({ description: { type: 'offer', sdp: 'from-ada' } }));
    await settle();
    const pc = connections[0];
    pc?.setConnectionState('connected');

    signaling.peerReconnecting(ADA);
    expect(controller.getSnapshot().status).toEqual({ state: 'peer-reconnecting', peerName: 'Ada' });
    pc?.setConnectionState('disconnected');
    expect(controller.getSnapshot().status.state).toBe('peer-reconnecting');
    pc?.setConnectionState('connected');

    signaling.ready(ADA, true);
    expect(connections).toHaveLength(1);
    expect(pc?.signalingState).not.toBe('closed');
    expect(states.slice(-3)).toEqual(['connected', 'peer-reconnecting', 'connected']);
  });

  it('shows peer-left as soon as the server frees their seat, with no grace period of its own', async () => {
    const { controller, signaling, connections, state } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    const pc = connections[0];
    pc?.setConnectionState('connected');
    signaling.peerReconnecting(ADA);

    signaling.peerLeft(ADA);
    expect(state()).toBe('peer-left');
    expect(pc?.signalingState).toBe('closed');
  });

  it('never shows a half-done step: a peer that reloads goes from connected to connecting, with no waiting between', async () => {
    const { controller, signaling, connections, states } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    connections[0]?.setConnectionState('connected');
    const seen = states.length;

    signaling.ready(ADA);
    expect(states.slice(seen)).toEqual(['connecting']);
    expect(controller.getSnapshot().status).toEqual({ state: 'connecting', peerName: 'Ada' });
  });

  it('hands out the connection to the peer while there is one, and restarts ICE on it when asked to renegotiate', async () => {
    const { controller, signaling, connections } = setup();
    await controller.start();
    expect(controller.peerConnection).toBeNull();

    signaling.ready(ADA);
    expect(controller.peerConnection).toBe(connections[0]);
    controller.renegotiate();
    expect(connections[0]?.restartIceCalls).toBe(1);

    signaling.peerLeft(ADA);
    expect(controller.peerConnection).toBeNull();
  });

  it('shows a join that failed on its way after a reconnection as an error, and the call it had goes on', async () => {
    const { controller, signaling, connections } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    connections[0]?.setConnectionState('connected');
    signaling.reconnecting();
    signaling.joinError = new Error('The server asked this page to reconnect before it answered.');
    signaling.reconnected();
    await settle();

    expect(controller.getSnapshot().status).toEqual({
      state: 'error',
      error: { code: 'signaling-failed', detail: 'The server asked this page to reconnect before it answered.' },
    });
    expect(controller.getSnapshot().signalingReconnecting).toBe(false);
    expect(connections[0]?.signalingState).not.toBe('closed');
  });

  it('ends the call it had when the server refuses to give its seat back', async () => {
    const { controller, signaling, connections, state } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    signaling.reconnecting();
    signaling.result = joinResult({ error: { code: 'room-full', message: 'This room is full.' }, peerId: null });
    signaling.reconnected();
    await settle();

    expect(state()).toBe('room-full');
    expect(connections[0]?.signalingState).toBe('closed');
    expect(controller.getSnapshot().peers).toEqual([]);
    expect(controller.getSnapshot().capacity).toBe(2);
  });
});
