import { describe, expect, it } from 'vitest';
import { createMemoryTokenStore } from './resumeTokens';
import { RoomSession } from './roomSession';
import type { RoomEvent, RoomPhase } from './roomSession';
import { FakeSignalingChannel, joinResult } from './testing/fakeSignaling';
import { settle } from './testing/fakePeerConnection';

const ROOM = 'room-1';
const ADA = { peerId: 'peer-ada', username: 'Ada' };

function setup(options: { passcode?: string; keepsPeerConnections?: boolean } = {}) {
  const signaling = new FakeSignalingChannel();
  const tokens = createMemoryTokenStore();
  const phases: RoomPhase[] = [];
  const events: RoomEvent[] = [];
  const warnings: string[] = [];
  const session = new RoomSession(
    signaling,
    {
      room: ROOM,
      username: 'Me',
      passcode: options.passcode ?? null,
      tokens,
      keepsPeerConnections: () => options.keepsPeerConnections ?? false,
    },
    {
      onPhase: (phase) => phases.push(phase),
      onEvent: (event) => events.push(event),
      warn: (message) => warnings.push(message),
    },
  );
  const names = () => phases.map((phase) => phase.name);
  return { session, signaling, tokens, phases, names, events, warnings };
}

async function joined(options: Parameters<typeof setup>[0] = {}) {
  const room = setup(options);
  room.signaling.result = joinResult({ peers: [ADA] });
  expect(await room.session.connect()).toBe(true);
  await room.session.join();
  return room;
}

describe('RoomSession', () => {
  it('joins with Join the first time and keeps the resume token for a reload', async () => {
    const { session, signaling, tokens, names } = setup();
    await session.connect();
    await session.join();

    expect(signaling.calls).toEqual(['connect', `join:${ROOM}:Me`]);
    expect(names()).toEqual(['joining', 'joined']);
    expect(session.phase).toMatchObject({
      name: 'joined',
      room: { attempt: 'join', peerId: 'peer-self', peers: [], resumed: false },
    });
    expect(tokens.get(ROOM)).toBe('token-1');
  });

  it('rejoins with the stored token instead of joining', async () => {
    const { session, signaling, tokens } = setup();
    tokens.set(ROOM, 'old-token');
    signaling.result = joinResult({ resumeToken: 'new-token' });
    await session.connect();
    await session.join();

    expect(signaling.calls).toEqual(['connect', `rejoin:${ROOM}:Me:old-token`]);
    expect(session.phase).toMatchObject({ name: 'joined', room: { attempt: 'rejoin' } });
    expect(tokens.get(ROOM)).toBe('new-token');
  });

  it("hands on Join's ICE servers as the peer connections' configuration", async () => {
    const { session } = await joined();
    expect(session.phase).toMatchObject({
      room: { configuration: { iceServers: [{ urls: ['stun:stun.example.test:3478'] }], iceTransportPolicy: 'all' } },
    });
  });

  it('holds events that arrive while Join is in flight, and replays them after the joined phase', async () => {
    const { session, signaling, phases, events } = setup();
    signaling.holdJoin = true;
    await session.connect();
    const joining = session.join();
    await settle();
    signaling.data(ADA.peerId, 'early');
    expect(events).toEqual([]);

    signaling.completeJoin();
    await joining;
    expect(events).toEqual([{ kind: 'data', event: { from: ADA.peerId, username: '', payload: 'early' } }]);
    expect(phases.at(-1)?.name).toBe('joined');
  });

  it('passes events on once joined, and drops those from before any join', async () => {
    const { session, signaling, events } = setup();
    await session.connect();
    signaling.ready(ADA);
    expect(events).toEqual([]);

    await session.join();
    signaling.peerLeft(ADA);
    expect(events).toEqual([{ kind: 'peer-left', peer: ADA }]);
  });

  it('fails with room-full when the room is full, and with any other refusal as its code and message', async () => {
    const full = setup();
    full.signaling.result = joinResult({ error: { code: 'room-full', message: 'This room is full.' }, peerId: null });
    await full.session.connect();
    await full.session.join();
    expect(full.session.phase).toEqual({ name: 'failed', failure: { code: 'room-full', capacity: 2 } });

    const refused = setup();
    refused.signaling.result = joinResult({ error: { code: 'invalid-username', message: 'Not valid.' }, peerId: null });
    await refused.session.connect();
    await refused.session.join();
    expect(refused.session.phase).toEqual({
      name: 'failed',
      failure: { code: 'refused', serverCode: 'invalid-username', serverMessage: 'Not valid.' },
    });
  });

  it("fails with the signaling client's message when a join cannot be asked", async () => {
    const { session, signaling } = setup();
    signaling.joinError = new Error('Cannot send Join: the connection to the server is not open.');
    await session.connect();
    await session.join();
    expect(session.phase).toEqual({
      name: 'failed',
      failure: { code: 'signaling-failed', detail: 'Cannot send Join: the connection to the server is not open.' },
    });
  });

  it('is unreachable when the server cannot be reached, or the connection is lost for good', async () => {
    const never = setup();
    never.signaling.connectError = new Error('Failed to fetch');
    expect(await never.session.connect()).toBe(false);
    expect(never.session.phase).toEqual({ name: 'failed', failure: { code: 'unreachable' } });

    const { session, signaling } = await joined();
    signaling.drop();
    expect(session.phase).toEqual({ name: 'failed', failure: { code: 'unreachable' } });
  });

  it('reports a message the server refused as a warning, and stays in the room', async () => {
    const { session, signaling, warnings } = await joined();
    signaling.refused({ method: 'Relay', error: { code: 'payload-too-large', message: 'The payload is too large.' } });
    expect(warnings).toEqual(['The server refused a message: The payload is too large.']);
    expect(session.phase.name).toBe('joined');
  });

  it('relays messages to the named peer, and a failed send is only a warning', async () => {
    const { session, signaling, warnings } = await joined();
    session.send(ADA.peerId, { candidate: null });
    signaling.sendError = new Error('closed');
    session.send(ADA.peerId, { candidate: null });
    await settle();
    expect(signaling.sent).toEqual([
      { to: ADA.peerId, message: { candidate: null } },
      { to: ADA.peerId, message: { candidate: null } },
    ]);
    expect(warnings).toEqual(['Sending a message failed']);
  });

  it('sets the passcode on every connection before joining, a reconnected one too', async () => {
    const { session, signaling } = await joined({ passcode: 'open sesame', keepsPeerConnections: true });
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
    expect(session.phase).toMatchObject({ name: 'joined', room: { attempt: 'resume', resumed: true } });
  });

  it('fails as refused when the server refuses the passcode, and never joins', async () => {
    const { session, signaling } = setup({ passcode: 'x'.repeat(129) });
    signaling.unlockRefusal = { code: 'invalid-passcode', message: 'The passcode is too long.' };
    await session.connect();
    await session.join();
    expect(signaling.calls).toEqual(['connect', `unlock:${'x'.repeat(129)}`]);
    expect(session.phase).toEqual({
      name: 'failed',
      failure: { code: 'refused', serverCode: 'invalid-passcode', serverMessage: 'The passcode is too long.' },
    });
  });

  it('after a dropped connection, resumes its seat while peer connections run, and rejoins when none do', async () => {
    const resuming = await joined({ keepsPeerConnections: true });
    resuming.signaling.reconnecting();
    resuming.signaling.reconnected();
    await settle();
    expect(resuming.signaling.calls.at(-1)).toBe(`resume:${ROOM}:Me:token-1`);

    const rejoining = await joined({ keepsPeerConnections: false });
    rejoining.signaling.reconnecting();
    rejoining.signaling.reconnected();
    await settle();
    expect(rejoining.signaling.calls.at(-1)).toBe(`rejoin:${ROOM}:Me:token-1`);
  });

  it('says it is reconnecting from the drop until the seat is taken again', async () => {
    const { session, signaling, names } = await joined({ keepsPeerConnections: true });
    signaling.holdJoin = true;
    signaling.reconnecting();
    expect(session.reconnecting).toBe(true);

    signaling.reconnected();
    await settle();
    expect(session.phase).toMatchObject({ name: 'joining', attempt: 'resume', afterReconnect: true });
    expect(session.reconnecting).toBe(true);
    expect(names().slice(-2)).toEqual(['reconnecting', 'joining']);
  });

  it('takes no notice of a drop before its first join: the join is still to come', async () => {
    const { session, signaling } = setup();
    await session.connect();
    signaling.reconnecting();
    signaling.reconnected();
    await settle();
    expect(session.phase).toEqual({ name: 'connecting' });
    expect(signaling.calls).toEqual(['connect']);
  });

  it('ignores the answer to a join that was overtaken by a dropped connection', async () => {
    const { session, signaling } = setup();
    signaling.holdJoin = true;
    await session.connect();
    const joining = session.join();
    await settle();
    signaling.reconnecting();
    signaling.completeJoin();
    await joining;
    expect(session.phase).toEqual({ name: 'reconnecting' });
  });

  it('on close leaves the seat it took, forgets the token and disconnects; then reports nothing', async () => {
    const { session, signaling, tokens, phases } = await joined();
    const reported = phases.length;
    await session.close();

    expect(signaling.calls.slice(-2)).toEqual(['leave', 'disconnect']);
    expect(signaling.subscribed).toBe(false);
    expect(tokens.get(ROOM)).toBeNull();
    expect(session.phase).toEqual({ name: 'closed' });
    expect(phases).toHaveLength(reported);
  });

  it('on close without a seat only disconnects, and keeps the token of an earlier visit', async () => {
    const { session, signaling, tokens } = setup();
    tokens.set(ROOM, 'earlier');
    await session.connect();
    await session.close();
    expect(signaling.calls).toEqual(['connect', 'disconnect']);
    expect(tokens.get(ROOM)).toBe('earlier');
  });
});
