import { describe, expect, it } from 'vitest';
import { CallController } from './callController';
import type { PreparedCall } from './callController';
import type { CallState } from './callStatus';
import { createMemoryTokenStore } from './resumeTokens';
import { encodeSignalMessage } from './signalMessage';
import type { MediaChoice } from './devices';
import { FakeDataChannel } from './testing/fakeDataChannel';
import { FakePeerConnection, FakeStream, FakeTrack, settle } from './testing/fakePeerConnection';
import { FakeSignalingChannel, joinResult } from './testing/fakeSignaling';

const ROOM = 'room-1';
const ADA = { peerId: 'peer-ada', username: 'Ada' };
const BOB = { peerId: 'peer-bob', username: 'Bob' };

function namedError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

function setup(
  options: {
    mediaError?: Error;
    media?: MediaChoice;
    display?: FakeStream;
    prepared?: PreparedCall<FakeStream>;
    /** Keeps getUserMedia pending until the returned `openCamera` is called. */
    holdCamera?: boolean;
  } = {},
) {
  const signaling = new FakeSignalingChannel();
  let createdSignaling = 0;
  let openCamera: () => void = () => {};
  const tokens = createMemoryTokenStore();
  const connections: FakePeerConnection[] = [];
  const camera = new FakeStream('camera');
  const states: CallState[] = [];
  const requested: MediaStreamConstraints[] = [];
  const warnings: string[] = [];
  const controller = new CallController<FakeStream>(
    { room: ROOM, username: 'Me', media: options.media },
    {
      getUserMedia: (constraints) => {
        requested.push(constraints);
        if (options.mediaError !== undefined) {
          return Promise.reject(options.mediaError);
        }
        if (requested.length > 1) {
          return Promise.resolve(
            new FakeStream('switched', [new FakeTrack(constraints.audio === undefined ? 'video' : 'audio', 'new device')]),
          );
        }
        const stream = new FakeStream(
          'camera',
          camera.getTracks().filter((t) => (t.kind === 'audio' ? constraints.audio : constraints.video) !== false),
        );
        return options.holdCamera === true
          ? new Promise<FakeStream>((resolve) => {
              openCamera = () => resolve(stream);
            })
          : Promise.resolve(stream);
      },
      getDisplayMedia:
        options.display === undefined ? undefined : () => Promise.resolve(options.display ?? new FakeStream('none')),
      createSignaling: () => {
        createdSignaling += 1;
        return signaling;
      },
      createPeerConnection: (configuration) => {
        const pc = new FakePeerConnection(`pc-${connections.length}`, configuration);
        connections.push(pc);
        return pc;
      },
      tokens,
      remoteOfferTimeoutMs: 40,
      warn: (message) => warnings.push(message),
    },
    options.prepared,
  );
  controller.subscribe(() => {
    const state = controller.getSnapshot().status.state;
    if (states[states.length - 1] !== state) {
      states.push(state);
    }
  });
  const state = (): CallState => controller.getSnapshot().status.state;
  return {
    controller,
    signaling,
    tokens,
    connections,
    camera,
    states,
    state,
    requested,
    warnings,
    openCamera: () => openCamera(),
    createdSignaling: () => createdSignaling,
  };
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
      bundlePolicy: 'max-bundle',
      iceCandidatePoolSize: 1,
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

  it('reports a message the server refused as a warning, and the call goes on', async () => {
    const { controller, signaling, state, warnings } = setup();
    await controller.start();
    signaling.ready(ADA);
    await settle();

    signaling.refused({ method: 'Relay', error: { code: 'payload-too-large', message: 'The payload is too large.' } });

    expect(warnings).toContain('The server refused a message: The payload is too large.');
    expect(state()).toBe('connecting');
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
  ] as const)('maps a %s from getUserMedia to %s, never joins and closes the hub connection', async (name, expected) => {
    const { controller, signaling, state } = setup({ mediaError: namedError(name) });
    await controller.start();
    expect(state()).toBe(expected);
    expect(signaling.calls).toEqual(['connect', 'disconnect']);
    expect(signaling.subscribed).toBe(false);
  });

  it('connects to the hub while the camera starts, and joins once both are ready', async () => {
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

  it("takes over the pre-join screen's camera and hub connection instead of opening them again", async () => {
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

  it.each([
    ['has ended', new FakeStream('preview'), true, { video: true, audio: true }],
    ['lacks the microphone asked for', new FakeStream('preview', [new FakeTrack('video')]), false, { video: true, audio: true }],
    ['has a camera not asked for', new FakeStream('preview'), false, { video: false, audio: true }],
  ] as const)('opens the devices itself when the preview stream %s, and stops that stream', async (_, preview, ended, media) => {
    if (ended) {
      preview.getTracks().forEach((track) => track.stop());
    }
    const { controller, requested } = setup({ media, prepared: { stream: preview, signaling: null } });
    await controller.start();

    expect(requested).toHaveLength(1);
    expect(controller.getSnapshot().localStream).not.toBe(preview);
    expect(preview.getTracks().every((track) => track.stopped)).toBe(true);
  });

  it('disposed before it starts, stops the preview stream and closes the hub connection it was handed', async () => {
    const preview = new FakeStream('preview');
    const early = new FakeSignalingChannel();
    const { controller } = setup({ prepared: { stream: preview, signaling: early } });
    await controller.dispose();

    expect(preview.getTracks().every((track) => track.stopped)).toBe(true);
    expect(early.calls).toEqual(['disconnect']);
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
    expect(signaling.calls).toEqual(['connect', 'disconnect']);
  });

  it('takes a muted microphone off the connection (nothing is sent) and puts it back on unmute', async () => {
    const { controller, signaling, connections, camera } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    const audio = camera.getTracks().find((t) => t.kind === 'audio');
    const sender = connections[0]?.sender('audio');

    controller.setMicrophoneOn(false);
    await settle();
    expect(sender?.track).toBeNull();
    expect(audio?.enabled).toBe(false);
    expect(controller.getSnapshot().microphoneOn).toBe(false);

    controller.setMicrophoneOn(true);
    await settle();
    expect(sender?.track).toBe(audio);
    expect(audio?.enabled).toBe(true);
  });

  it('switches the camera off and on without renegotiating', async () => {
    const { controller, signaling, connections, camera } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    const video = camera.getTracks().find((t) => t.kind === 'video');
    controller.setCameraOn(false);
    await settle();
    expect(connections[0]?.sender('video')?.track).toBeNull();
    expect(video?.enabled).toBe(false);
    controller.setCameraOn(true);
    await settle();
    expect(connections[0]?.sender('video')?.track).toBe(video);
    expect(connections[0]?.log.filter((entry) => entry.startsWith('setLocalDescription'))).toEqual([]);
  });

  it('joins muted with the camera off when asked to, and a new connection sends nothing either', async () => {
    const { controller, signaling, connections } = setup({ media: { video: true, audio: true, startMuted: true, startCameraOff: true } });
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    await settle();
    expect(controller.getSnapshot()).toMatchObject({ microphoneOn: false, cameraOn: false, hasCamera: true });
    expect(connections[0]?.sender('audio')?.track).toBeNull();
    expect(connections[0]?.sender('video')?.track).toBeNull();
  });

  it('joins audio only (no camera asked for) and still receives video', async () => {
    const { controller, signaling, connections, requested } = setup({ media: { video: false, audio: true } });
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    expect(requested).toEqual([{ video: false, audio: true }]);
    expect(controller.getSnapshot()).toMatchObject({ hasCamera: false, hasMicrophone: true, cameraOn: false });
    expect(connections[0]?.addedTracks.map(({ track }) => track.kind)).toEqual(['audio']);
    expect(connections[0]?.receiveOnly).toEqual(['video']);
  });

  it('joins receive only without asking for any device', async () => {
    const { controller, signaling, connections, requested, state } = setup({ media: { video: false, audio: false } });
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    expect(requested).toEqual([]);
    expect(state()).toBe('connecting');
    expect(connections[0]?.receiveOnly).toEqual(['audio', 'video']);
  });

  it('switches to another camera with replaceTrack and stops the old one', async () => {
    const { controller, signaling, connections, camera, requested } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    const old = camera.getTracks().find((t) => t.kind === 'video');

    expect(await controller.switchDevice('video', 'cam-2')).toBeNull();
    await settle();
    expect(requested[1]).toEqual({ video: { deviceId: { exact: 'cam-2' } } });
    expect(old?.stopped).toBe(true);
    const sent = connections[0]?.sender('video')?.track;
    expect(sent).not.toBe(old);
    expect(sent?.kind).toBe('video');
    expect(controller.getSnapshot().localStream?.getTracks()).toContain(sent);
  });

  it('shares the screen instead of the camera and restores the camera when sharing ends', async () => {
    const screen = new FakeTrack('video', 'screen');
    const { controller, signaling, connections, camera } = setup({ display: new FakeStream('screen', [screen]) });
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    const cameraTrack = camera.getTracks().find((t) => t.kind === 'video');

    expect(await controller.startScreenShare()).toBeNull();
    await settle();
    expect(connections[0]?.sender('video')?.track).toBe(screen);
    expect(controller.getSnapshot().screenStream).not.toBeNull();

    screen.end(); // The browser's "Stop sharing".
    await settle();
    expect(connections[0]?.sender('video')?.track).toBe(cameraTrack);
    expect(controller.getSnapshot().screenStream).toBeNull();
  });

  it('says that screen sharing is unavailable where the browser cannot do it', async () => {
    const { controller } = setup();
    await controller.start();
    expect(await controller.startScreenShare()).toEqual({ code: 'screen-share-unsupported' });
    expect(controller.getSnapshot().notice).toEqual({ code: 'screen-share-unsupported' });
  });

  it('opens chat and file channels on each connection and keeps the chat across reconnections', async () => {
    const { controller, signaling, connections } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    const remote = new FakeDataChannel('chat', 0);
    const chat = connections[0]?.dataChannels[0];
    if (chat === undefined) {
      throw new Error('no chat channel');
    }
    FakeDataChannel.pair(chat, remote);
    remote.send(JSON.stringify({ type: 'chat', text: 'hello' }));
    await settle();
    expect(controller.getSnapshot().data.chat.map((m) => [m.author, m.text])).toEqual([['Ada', 'hello']]);
    expect(controller.getSnapshot().data.unreadChat).toBe(1);

    signaling.ready(ADA); // Ada reloaded: a new connection, with new channels.
    expect(connections[1]?.dataChannels.map((c) => c.label)).toEqual(['chat', 'file']);
    expect(controller.getSnapshot().data.chat).toHaveLength(1);
  });

  it('shows a failed ICE connection as reconnecting (it restarts ICE by itself), not as an error', async () => {
    const { controller, signaling, connections } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    connections[0]?.setConnectionState('connected');
    connections[0]?.setConnectionState('failed');
    expect(controller.getSnapshot().status).toEqual({ state: 'connecting', peerName: 'Ada', recovering: true });
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
    expect(controller.getSnapshot().status).toEqual({ state: 'connected', peerName: 'Ada' });
  });

  it('keeps the call going while the hub reconnects, then resumes its held seat with its token', async () => {
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

  it('after a reconnection whose seat had expired, answers the peer on a fresh connection', async () => {
    const { controller, signaling, connections } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    signaling.reconnecting();
    signaling.result = joinResult({ peerId: 'peer-self-2', resumeToken: 'token-2', peers: [ADA], resumed: false });
    signaling.reconnected();
    await settle();
    expect(signaling.calls.at(-1)).toBe(`resume:${ROOM}:Me:token-1`);
    expect(connections).toHaveLength(2);
    expect(connections[0]?.signalingState).toBe('closed');
  });

  it('after a reconnection to an empty room, ends the old call and waits', async () => {
    const { controller, signaling, connections, state } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    signaling.reconnecting();
    signaling.result = joinResult({ peers: [], resumed: true });
    signaling.reconnected();
    await settle();
    expect(connections[0]?.signalingState).toBe('closed');
    expect(state()).toBe('waiting');
  });

  it('keeps the call going when a restarted server no longer knows the room, until the peer is back', async () => {
    const { controller, signaling, connections, state } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    connections[0]?.setConnectionState('connected');
    signaling.reconnecting();
    signaling.result = joinResult({ peerId: 'peer-self-2', resumeToken: 'token-2', peers: [], resumed: false });
    signaling.reconnected();
    await settle();
    expect(state()).toBe('connected');
    expect(connections).toHaveLength(1);

    signaling.ready({ peerId: 'peer-ada-2', username: 'Ada' });
    expect(connections).toHaveLength(2);
    expect(connections[0]?.signalingState).toBe('closed');
  });

  it('shows the peer as reconnecting, and keeps the same peer connection when they resume', async () => {
    const { controller, signaling, connections, states } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
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

  it('negotiates afresh when the peer comes back without resuming (a reload)', async () => {
    const { controller, signaling, connections } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    connections[0]?.setConnectionState('connected');
    signaling.peerReconnecting(ADA);

    signaling.ready(ADA, false);
    expect(connections).toHaveLength(2);
    expect(connections[0]?.signalingState).toBe('closed');
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

  it('ignores a resumed Ready from a peer it has no connection with, and negotiates', async () => {
    const { controller, signaling, connections } = setup();
    await controller.start();
    signaling.ready(BOB, true);
    expect(connections).toHaveLength(1);
  });

  it('sets the passcode on every hub connection before joining, a reconnected one too', async () => {
    const signaling = new FakeSignalingChannel();
    const connections: FakePeerConnection[] = [];
    const controller = new CallController<FakeStream>(
      { room: ROOM, username: 'Me', passcode: 'open sesame' },
      {
        getUserMedia: () => Promise.resolve(new FakeStream('camera')),
        createSignaling: () => signaling,
        createPeerConnection: (configuration) => {
          const pc = new FakePeerConnection(`pc-${connections.length}`, configuration);
          connections.push(pc);
          return pc;
        },
        tokens: createMemoryTokenStore(),
      },
    );
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    connections[0]?.setConnectionState('connected');
    signaling.reconnecting();
    signaling.result = joinResult({ peers: [ADA], resumed: true });
    signaling.reconnected();
    await settle();

    expect(signaling.calls).toEqual([
      'connect',
      'unlock:open sesame',
      `join:${ROOM}:Me`,
      'unlock:open sesame',
      `resume:${ROOM}:Me:token-1`,
    ]);
  });
});
