import { afterEach, describe, expect, it, vi } from 'vitest';
import { RECONNECT_GIVE_UP_MS } from './reconnectSchedule';
import { SocketSignalingClient, signalingSocketUrl } from './socketSignaling';
import { FakeSocketServer } from './testing/fakeSocket';

const URL = 'ws://parley.test/ws/signaling';

function setup() {
  const server = new FakeSocketServer();
  const client = new SocketSignalingClient(URL, server.factory);
  return { server, client };
}

async function connected() {
  const { server, client } = setup();
  await client.connect();
  return { server, client, socket: server.latest };
}

/** Lets queued microtasks (socket events, answers) run. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('SocketSignalingClient', () => {
  it("opens its socket on the page's own host: ws beside an http page, wss beside an https one", () => {
    expect(signalingSocketUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/ws/signaling');
    expect(signalingSocketUrl({ protocol: 'https:', host: 'parley.example' })).toBe('wss://parley.example/ws/signaling');
  });

  it('joins a socket still on its way up instead of opening a second one', async () => {
    const { server, client } = setup();
    server.holdOpen = true;
    const early = client.connect();
    expect(client.isOpen).toBe(true);
    const later = client.connect();
    server.latest.accept();
    await Promise.all([early, later]);

    await client.connect();
    expect(server.sockets).toHaveLength(1);
    expect(server.latest.url).toBe(URL);
  });

  it('fails connect() when the socket closes before it opens, and opens a new one on the next connect()', async () => {
    const { server, client } = setup();
    expect(client.isOpen).toBe(false);
    server.refuse = true;
    await expect(client.connect()).rejects.toThrow(/code 1006/);
    expect(client.isOpen).toBe(false);

    server.refuse = false;
    await client.connect();
    expect(server.sockets).toHaveLength(2);
    expect(client.isOpen).toBe(true);
  });

  it('sends each call with its own id and settles it with the answer carrying that id, in any order', async () => {
    const { client, socket } = await connected();
    const join = client.join('r', 'Bob');
    const unlock = client.unlock('open sesame');
    const [joinCall, unlockCall] = socket.sent;
    expect(joinCall).toEqual({ id: expect.any(Number) as number, call: 'Join', args: ['r', 'Bob'] });
    expect(unlockCall).toEqual({ id: expect.any(Number) as number, call: 'Unlock', args: ['open sesame'] });
    expect(joinCall?.id).toBeGreaterThan(0);
    expect(unlockCall?.id).not.toBe(joinCall?.id);

    socket.answer(12345, { error: { code: 'stray', message: 'not a call of ours' } });
    socket.answer(unlockCall?.id, { error: { code: 'wrong-passcode', message: 'Wrong passcode.' } });
    socket.answer(joinCall?.id, {
      error: null,
      peerId: 'p2',
      resumeToken: 'secret',
      room: 'r',
      capacity: 2,
      peers: [{ peerId: 'p1', username: 'Ada' }],
      iceServers: [{ urls: ['turn:turn.example.test'], username: 'u', credential: 'c' }],
      iceTransportPolicy: 'relay',
    });

    expect(await unlock).toEqual({ code: 'wrong-passcode', message: 'Wrong passcode.' });
    expect(await join).toEqual({
      error: null,
      peerId: 'p2',
      resumeToken: 'secret',
      room: 'r',
      capacity: 2,
      peers: [{ peerId: 'p1', username: 'Ada' }],
      iceServers: [{ urls: ['turn:turn.example.test'], username: 'u', credential: 'c' }],
      iceTransportPolicy: 'relay',
      resumed: false,
    });
  });

  it('calls Rejoin and Resume with the resume token, Unlock with null for an open room, and Leave without arguments', async () => {
    const { server, client, socket } = await connected();
    server.results.set('Rejoin', { error: null, peerId: 'p2', peers: [], iceServers: [] });
    server.results.set('Resume', { error: null, peerId: 'p2', resumed: true, peers: [], iceServers: [] });
    server.results.set('Unlock', { error: null });
    server.results.set('Leave', { error: null });

    expect((await client.rejoin('r', 'Bob', 'secret')).peerId).toBe('p2');
    expect((await client.resume('r', 'Bob', 'secret')).resumed).toBe(true);
    expect(await client.unlock(null)).toBeNull();
    expect(await client.leave()).toBeNull();

    expect(socket.sent.map(({ call, args }) => [call, args])).toEqual([
      ['Rejoin', ['r', 'Bob', 'secret']],
      ['Resume', ['r', 'Bob', 'secret']],
      ['Unlock', [null]],
      ['Leave', []],
    ]);
  });

  it('passes a refused Join on as its error, and reads a Join answer without a peer id as an error', async () => {
    const { server, client } = await connected();
    server.results.set('Join', {
      error: { code: 'room-full', message: 'The room is full.' },
      peerId: null,
      resumeToken: null,
      room: null,
      capacity: 2,
      peers: [],
      iceServers: [],
    });
    expect((await client.join('r', 'Bob')).error).toEqual({ code: 'room-full', message: 'The room is full.' });

    server.results.set('Join', 'surprise');
    expect((await client.join('r', 'Bob')).error?.code).toBe('bad-response');
  });

  it('rejects a call the server could not read (an answer with a top-level error) with an Error', async () => {
    const { client, socket } = await connected();
    const join = client.join('r', 'Bob');
    socket.receive({ id: socket.lastCall('Join').id, error: { code: 'invalid-call', message: 'Join takes 2 arguments.' } });
    await expect(join).rejects.toThrow(/Join takes 2 arguments\..*invalid-call/);
  });

  it('sends a message as a Relay of its JSON payload to one peer, with no id and waiting for no answer', async () => {
    const { client, socket } = await connected();
    await client.send('p1', { candidate: null });
    expect(socket.sent).toEqual([{ call: 'Relay', args: ['{"candidate":null}', 'p1'] }]);
  });

  it('refuses calls and Relay with an Error while no socket is open', async () => {
    const { server, client } = setup();
    await expect(client.join('r', 'Bob')).rejects.toThrow(/not open/);
    await expect(client.send('p1', { candidate: null })).rejects.toThrow(/not open/);
    server.holdOpen = true;
    void client.connect();
    await expect(client.leave()).rejects.toThrow(/not open/);
  });

  it('delivers well-formed events and drops malformed ones', async () => {
    const { client, socket } = await connected();
    const onReady = vi.fn();
    const onData = vi.fn();
    const onPeerLeft = vi.fn();
    const onPeerReconnecting = vi.fn();
    const onRefused = vi.fn();
    const onIceServers = vi.fn();
    client.subscribe({ onReady, onData, onPeerLeft, onPeerReconnecting, onRefused, onIceServers });

    socket.emit('Ready', { peerId: 'p1', username: 'Ada' });
    socket.emit('Ready', { peerId: 'p1', username: 'Ada', resumed: true });
    socket.emit('Ready', { username: 'no id' });
    socket.emit('PeerReconnecting', { peerId: 'p1', username: 'Ada' });
    socket.emit('PeerReconnecting', 42);
    socket.emit('Data', { from: 'p1', username: 'Ada', payload: '{}' });
    socket.emit('Data', { from: 'p1', payload: 17 });
    socket.emit('Data', null);
    socket.emit('PeerLeft', { peerId: 'p1', username: 'Ada' });
    socket.emit('PeerLeft', 'p1');
    socket.emit('Refused', { method: 'Relay', error: { code: 'unknown-peer', message: 'No such peer.' } });
    socket.emit('Refused', { method: 'Relay' });
    socket.emit('Refused', { error: { code: 'x', message: 'y' } });
    socket.emit('IceServers', { iceServers: [{ urls: ['turn:t.test:3478'], username: '9:seat.p1', credential: 'c' }], iceTransportPolicy: 'relay' });
    socket.emit('IceServers', { iceServers: [{ urls: 42 }] });
    socket.emit('IceServers', { iceTransportPolicy: 'all' });
    socket.emit('Surprise', { peerId: 'p1' });
    socket.receive('not json {');
    socket.receive('[1, 2]');
    socket.receive('{"arg": {"peerId": "p1"}}');

    expect(onReady.mock.calls).toEqual([
      [{ peerId: 'p1', username: 'Ada', resumed: false }],
      [{ peerId: 'p1', username: 'Ada', resumed: true }],
    ]);
    expect(onPeerReconnecting.mock.calls).toEqual([[{ peerId: 'p1', username: 'Ada' }]]);
    expect(onData.mock.calls).toEqual([[{ from: 'p1', username: 'Ada', payload: '{}' }]]);
    expect(onPeerLeft.mock.calls).toEqual([[{ peerId: 'p1', username: 'Ada' }]]);
    expect(onRefused.mock.calls).toEqual([[{ method: 'Relay', error: { code: 'unknown-peer', message: 'No such peer.' } }]]);
    expect(onIceServers.mock.calls).toEqual([
      [{ iceServers: [{ urls: ['turn:t.test:3478'], username: '9:seat.p1', credential: 'c' }], iceTransportPolicy: 'relay' }],
      // A server it cannot read is dropped from the list; the room session ignores a list left empty.
      [{ iceServers: [], iceTransportPolicy: 'all' }],
    ]);
  });

  it('stops delivering to handlers once they unsubscribe', async () => {
    const { client, socket } = await connected();
    const kept = vi.fn();
    const dropped = vi.fn();
    const onReconnecting = vi.fn();
    client.subscribe({ onReady: kept });
    const unsubscribe = client.subscribe({ onReady: dropped, onReconnecting });
    unsubscribe();

    socket.emit('Ready', { peerId: 'p1', username: 'Ada' });
    socket.drop();
    expect(kept).toHaveBeenCalledTimes(1);
    expect(dropped).not.toHaveBeenCalled();
    expect(onReconnecting).not.toHaveBeenCalled();
    await client.disconnect();
  });

  it('rejects the calls still waiting for an answer with an Error when the socket closes', async () => {
    const { client, socket } = await connected();
    const join = client.join('r', 'Bob');
    const leave = client.leave();
    socket.drop(1011, 'server error');
    await expect(join).rejects.toThrow(/code 1011: server error/);
    await expect(leave).rejects.toBeInstanceOf(Error);
    await client.disconnect();
  });

  it('disconnect() closes the socket, rejects waiting calls, and neither reconnects nor reports a close', async () => {
    const { server, client, socket } = await connected();
    const seen: string[] = [];
    client.subscribe({
      onClose: () => seen.push('closed'),
      onReconnecting: () => seen.push('reconnecting'),
    });
    const join = client.join('r', 'Bob');

    await client.disconnect();

    await expect(join).rejects.toBeInstanceOf(Error);
    expect(socket.closedByPage).toBe(1000);
    expect(socket.state).toBe('closed');
    expect(client.isOpen).toBe(false);
    await settle();
    expect(server.sockets).toHaveLength(1);
    expect(seen).toEqual([]);
  });

  it('opens a new socket on connect() after disconnect(), and counts as open again', async () => {
    const { server, client } = await connected();
    await client.disconnect();
    await client.connect();
    expect(server.sockets).toHaveLength(2);
    expect(client.isOpen).toBe(true);
  });

  it('disconnect() while the socket is still opening fails that connect()', async () => {
    const { server, client } = setup();
    server.holdOpen = true;
    const connecting = client.connect();
    await client.disconnect();
    await expect(connecting).rejects.toBeInstanceOf(Error);
    expect(server.latest.closedByPage).toBe(1000);
  });
});

describe('SocketSignalingClient reconnection', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function droppedWithServerDown() {
    vi.useFakeTimers();
    const { server, client, socket } = await connected();
    const seen: string[] = [];
    const closes: Array<Error | undefined> = [];
    client.subscribe({
      onReconnecting: () => seen.push('reconnecting'),
      onReconnected: () => seen.push('reconnected'),
      onClose: (error) => {
        seen.push('closed');
        closes.push(error);
      },
    });
    server.refuse = true;
    const droppedAt = Date.now();
    socket.drop();
    return { server, client, seen, closes, droppedAt };
  }

  it('reports reconnecting when the socket drops, then retries at once, after 1, 2 and 3 s, then every 3 s', async () => {
    const { server, client, seen, droppedAt } = await droppedWithServerDown();
    expect(seen).toEqual(['reconnecting']);
    expect(client.isOpen).toBe(false);

    await vi.advanceTimersByTimeAsync(20_000);

    const attempts = server.sockets.slice(1).map((socket) => socket.createdAt - droppedAt);
    expect(attempts).toEqual([0, 1000, 3000, 6000, 9000, 12_000, 15_000, 18_000]);
    expect(seen).toEqual(['reconnecting']);
    await client.disconnect();
  });

  it('reports reconnected once a new socket opens, and calls go out on it', async () => {
    const { server, client, seen } = await droppedWithServerDown();
    await vi.advanceTimersByTimeAsync(1500);
    server.refuse = false;
    await vi.advanceTimersByTimeAsync(2000);

    expect(seen).toEqual(['reconnecting', 'reconnected']);
    expect(client.isOpen).toBe(true);
    const resume = client.resume('r', 'Bob', 'secret');
    const socket = server.latest;
    socket.answer(socket.lastCall('Resume').id, { error: null, peerId: 'p2', resumed: true, peers: [], iceServers: [] });
    expect((await resume).resumed).toBe(true);
    await client.disconnect();
  });

  it('gives up after two minutes without a socket, reporting a close with an Error, and retries no more', async () => {
    const { server, client, seen, closes } = await droppedWithServerDown();
    await vi.advanceTimersByTimeAsync(RECONNECT_GIVE_UP_MS - 1000);
    expect(seen).toEqual(['reconnecting']);

    await vi.advanceTimersByTimeAsync(2000);
    expect(seen).toEqual(['reconnecting', 'closed']);
    expect(closes[0]).toBeInstanceOf(Error);
    expect(closes[0]?.message).toMatch(/120 s/);
    const attempts = server.sockets.length;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(server.sockets).toHaveLength(attempts);
    expect(client.isOpen).toBe(false);
  });

  it('stops retrying when disconnect() is called while reconnecting', async () => {
    const { server, client, seen } = await droppedWithServerDown();
    await vi.advanceTimersByTimeAsync(1500);
    const attempts = server.sockets.length;
    await client.disconnect();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(server.sockets).toHaveLength(attempts);
    expect(seen).toEqual(['reconnecting']);
  });

  it("moves to a new socket when a draining server sends Reconnect, reported like a reconnection, not a close", async () => {
    const { server, client, socket } = await connected();
    const seen: string[] = [];
    client.subscribe({
      onReconnecting: () => seen.push('reconnecting'),
      onReconnected: () => seen.push('reconnected'),
      onClose: () => seen.push('closed'),
    });
    const join = client.join('r', 'Bob');

    socket.emit('Reconnect');

    await expect(join).rejects.toBeInstanceOf(Error);
    await vi.waitFor(() => expect(seen).toEqual(['reconnecting', 'reconnected']));
    expect(socket.closedByPage).toBe(1000);
    expect(server.sockets).toHaveLength(2);
    expect(server.latest.state).toBe('open');
    expect(client.isOpen).toBe(true);
    await settle();
    expect(seen).toEqual(['reconnecting', 'reconnected']);
    await client.disconnect();
  });

  it('reports a close with an Error when no new socket opens within two minutes of a Reconnect', async () => {
    vi.useFakeTimers();
    const { server, client, socket } = await connected();
    const closes: Array<Error | undefined> = [];
    client.subscribe({ onClose: (error) => closes.push(error) });
    server.refuse = true;

    socket.emit('Reconnect');
    await vi.advanceTimersByTimeAsync(RECONNECT_GIVE_UP_MS + 3000);

    expect(closes).toHaveLength(1);
    expect(closes[0]).toBeInstanceOf(Error);
  });
});
