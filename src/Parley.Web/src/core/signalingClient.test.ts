import { describe, expect, it, vi } from 'vitest';
import { RECONNECT_GIVE_UP_MS, SignalingClient, nextReconnectDelay } from './signalingClient';
import { FakeHubConnection } from './testing/fakeSignaling';

function setup() {
  const hub = new FakeHubConnection();
  const client = new SignalingClient(hub);
  return { hub, client };
}

describe('SignalingClient', () => {
  it('joins a connection already on its way up instead of starting it twice', async () => {
    const { hub, client } = setup();
    hub.holdStart = true;
    const early = client.connect();
    expect(client.isOpen).toBe(true);
    const later = client.connect();
    hub.completeStart();
    await Promise.all([early, later]);

    expect(hub.starts).toBe(1);
    await client.connect();
    expect(hub.starts).toBe(1);
  });

  it('starts a connection again once it has closed, and says when it is not open', async () => {
    const { hub, client } = setup();
    expect(client.isOpen).toBe(false);
    await client.connect();
    hub.close(new Error('connection lost'));
    expect(client.isOpen).toBe(false);
    await client.connect();
    expect(hub.starts).toBe(2);
    hub.reconnecting();
    expect(client.isOpen).toBe(false);
    await client.disconnect();
    expect(client.isOpen).toBe(false);
  });

  it('calls Join with the room and username and reads the result', async () => {
    const { hub, client } = setup();
    hub.results.set('Join', {
      error: null,
      peerId: 'p2',
      resumeToken: 'secret',
      room: 'r',
      capacity: 2,
      peers: [{ peerId: 'p1', username: 'Ada' }],
      iceServers: [{ urls: ['turn:turn.example.test'], username: 'u', credential: 'c' }],
      iceTransportPolicy: 'relay',
    });

    const result = await client.join('r', 'Bob');

    expect(hub.invocations).toEqual([{ method: 'Join', args: ['r', 'Bob'] }]);
    expect(result).toEqual({
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

  it('calls Rejoin with the resume token', async () => {
    const { hub, client } = setup();
    hub.results.set('Rejoin', { error: null, peerId: 'p2', peers: [], iceServers: [] });
    await client.rejoin('r', 'Bob', 'secret');
    expect(hub.invocations).toEqual([{ method: 'Rejoin', args: ['r', 'Bob', 'secret'] }]);
  });

  it('passes a refused Join on as its error', async () => {
    const { hub, client } = setup();
    hub.results.set('Join', {
      error: { code: 'room-full', message: 'The room is full.' },
      peerId: null,
      resumeToken: null,
      room: null,
      capacity: 2,
      peers: [],
      iceServers: [],
    });
    const result = await client.join('r', 'Bob');
    expect(result.error).toEqual({ code: 'room-full', message: 'The room is full.' });
  });

  it('resumes with Resume, and reads whether the seat was resumed', async () => {
    const { hub, client } = setup();
    hub.results.set('Resume', { error: null, peerId: 'p1', resumed: true, peers: [], iceServers: [] });
    const result = await client.resume('r', 'Bob', 'secret');
    expect(hub.invocations).toEqual([{ method: 'Resume', args: ['r', 'Bob', 'secret'] }]);
    expect(result.resumed).toBe(true);
  });

  it('treats a Join result without a peer id as an error', async () => {
    const { hub, client } = setup();
    hub.results.set('Join', 'surprise');
    expect((await client.join('r', 'Bob')).error?.code).toBe('bad-response');
  });

  it('sends a message as a Relay of its JSON payload to one peer, without waiting for an answer', async () => {
    const { hub, client } = setup();
    await client.send('p1', { candidate: null });
    expect(hub.invocations).toEqual([{ method: 'Relay', args: ['{"candidate":null}', 'p1'] }]);
  });

  it('delivers well-formed events and drops malformed ones', () => {
    const { hub, client } = setup();
    const onReady = vi.fn();
    const onData = vi.fn();
    const onPeerLeft = vi.fn();
    const onPeerReconnecting = vi.fn();
    const onRefused = vi.fn();
    client.subscribe({ onReady, onData, onPeerLeft, onPeerReconnecting, onRefused });

    hub.emit('Ready', { peerId: 'p1', username: 'Ada' });
    hub.emit('Ready', { peerId: 'p1', username: 'Ada', resumed: true });
    hub.emit('Ready', { username: 'no id' });
    hub.emit('PeerReconnecting', { peerId: 'p1', username: 'Ada' });
    hub.emit('PeerReconnecting', 42);
    hub.emit('Data', { from: 'p1', username: 'Ada', payload: '{}' });
    hub.emit('Data', { from: 'p1', payload: 17 });
    hub.emit('Data', null);
    hub.emit('PeerLeft', { peerId: 'p1', username: 'Ada' });
    hub.emit('PeerLeft', 'p1');
    hub.emit('Refused', { method: 'Relay', error: { code: 'unknown-peer', message: 'No such peer.' } });
    hub.emit('Refused', { method: 'Relay' });
    hub.emit('Refused', { error: { code: 'x', message: 'y' } });

    expect(onReady.mock.calls).toEqual([
      [{ peerId: 'p1', username: 'Ada', resumed: false }],
      [{ peerId: 'p1', username: 'Ada', resumed: true }],
    ]);
    expect(onPeerReconnecting.mock.calls).toEqual([[{ peerId: 'p1', username: 'Ada' }]]);
    expect(onData.mock.calls).toEqual([[{ from: 'p1', username: 'Ada', payload: '{}' }]]);
    expect(onPeerLeft.mock.calls).toEqual([[{ peerId: 'p1', username: 'Ada' }]]);
    expect(onRefused.mock.calls).toEqual([[{ method: 'Relay', error: { code: 'unknown-peer', message: 'No such peer.' } }]]);
  });

  it('removes exactly the handlers it added when unsubscribed', () => {
    const { hub, client } = setup();
    const onReady = vi.fn();
    const onClose = vi.fn();
    const unsubscribe = client.subscribe({ onReady, onClose });
    unsubscribe();

    hub.emit('Ready', { peerId: 'p1', username: 'Ada' });
    hub.close(new Error('gone'));
    expect(onReady).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
    expect(
      ['Ready', 'Data', 'PeerLeft', 'PeerReconnecting', 'Refused'].reduce((sum, event) => sum + hub.handlerCount(event), 0),
    ).toBe(0);
  });

  it('reports an unexpected close, but not the one it asked for', async () => {
    const { hub, client } = setup();
    const onClose = vi.fn();
    client.subscribe({ onClose });

    hub.close(new Error('network down'));
    expect(onClose).toHaveBeenCalledTimes(1);

    await client.disconnect();
    expect(hub.stopped).toBe(true);
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});

describe('SignalingClient reconnection', () => {
  it('tells subscribers when the connection drops and when it is back, until they unsubscribe', () => {
    const hub = new FakeHubConnection();
    const client = new SignalingClient(hub);
    const seen: string[] = [];
    const unsubscribe = client.subscribe({
      onReconnecting: () => seen.push('reconnecting'),
      onReconnected: () => seen.push('reconnected'),
    });
    hub.reconnecting();
    hub.reconnected();
    unsubscribe();
    hub.reconnecting();
    expect(seen).toEqual(['reconnecting', 'reconnected']);
  });

  it('reconnects when a draining server asks, as a reconnection its subscribers rejoin after, not as a close', async () => {
    const hub = new FakeHubConnection();
    const client = new SignalingClient(hub);
    const seen: string[] = [];
    client.subscribe({
      onReconnecting: () => seen.push('reconnecting'),
      onReconnected: () => seen.push('reconnected'),
      onClose: () => seen.push('closed'),
    });
    hub.started = false;

    hub.emit('Reconnect', undefined);

    await vi.waitFor(() => expect(seen).toEqual(['reconnecting', 'reconnected']));
    expect(hub.stopped).toBe(true);
    expect(hub.started).toBe(true);
  });

  it('retries at once, then after 1, 2 and 3 s, and gives up after two minutes', () => {
    const delays = [0, 1, 2, 3, 4, 10].map((previousRetryCount) =>
      nextReconnectDelay({ previousRetryCount, elapsedMilliseconds: 1000 }),
    );
    expect(delays).toEqual([0, 1000, 2000, 3000, 3000, 3000]);
    expect(nextReconnectDelay({ previousRetryCount: 40, elapsedMilliseconds: RECONNECT_GIVE_UP_MS })).toBeNull();
  });
});
