import { describe, expect, it } from 'vitest';
import { EarlySignalingConnection } from './earlySignalingConnection';
import { SocketSignalingClient } from './socketSignaling';
import { FakeSocketServer } from './testing/fakeSocket';

const URL = 'ws://parley.test/ws/signaling';

function setup(holdOpen = false) {
  const server = new FakeSocketServer();
  server.holdOpen = holdOpen;
  const created: SocketSignalingClient[] = [];
  const early = new EarlySignalingConnection(() => {
    const client = new SocketSignalingClient(URL, server.factory);
    created.push(client);
    return client;
  });
  return { early, created, server };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('EarlySignalingConnection', () => {
  it('opens nothing until asked: a visitor who never touches the form costs the server no connection', () => {
    const { early, created, server } = setup();
    expect(early.take()).toBeNull();
    early.close();
    expect(created).toHaveLength(0);
    expect(server.sockets).toHaveLength(0);
  });

  it('opens one connection however often the form asks, and hands it over once', async () => {
    const { early, created, server } = setup();
    early.open();
    early.open();
    early.open();
    await settle();
    expect(server.sockets).toHaveLength(1);

    const taken = early.take();
    expect(taken).toBe(created[0]);
    expect(early.take()).toBeNull();
    early.close();
    await settle();
    expect(server.latest.state).toBe('open');
  });

  it('hands over a connection still on its way up, for the call to wait on', async () => {
    const { early, server } = setup(true);
    early.open();
    const taken = early.take();
    expect(taken).not.toBeNull();
    const connected = taken?.connect();
    server.latest.accept();
    await connected;
    expect(server.sockets).toHaveLength(1);
  });

  it('closes a connection nobody took, and opens none after that', async () => {
    const { early, server } = setup();
    early.open();
    await settle();
    early.close();
    await settle();
    expect(server.latest.closedByPage).toBe(1000);
    expect(server.latest.state).toBe('closed');
    expect(early.take()).toBeNull();

    early.open();
    expect(server.sockets).toHaveLength(1);
  });

  it('does not hand over a connection that failed to open: the call opens its own', async () => {
    const { early, server } = setup(true);
    early.open();
    server.latest.drop();
    await settle();
    expect(early.take()).toBeNull();
  });
});
