import { describe, expect, it } from 'vitest';
import { EarlyHubConnection } from './earlyHubConnection';
import { SignalingClient } from './signalingClient';
import { FakeHubConnection } from './testing/fakeSignaling';

function setup(holdStart = false): { early: EarlyHubConnection; hubs: FakeHubConnection[] } {
  const hubs: FakeHubConnection[] = [];
  const early = new EarlyHubConnection(() => {
    const hub = new FakeHubConnection();
    hub.holdStart = holdStart;
    hubs.push(hub);
    return new SignalingClient(hub);
  });
  return { early, hubs };
}

describe('EarlyHubConnection', () => {
  it('opens nothing until asked: a visitor who never touches the form costs the server no connection', () => {
    const { early, hubs } = setup();
    expect(early.take()).toBeNull();
    early.close();
    expect(hubs).toHaveLength(0);
  });

  it('opens one connection however often the form asks, and hands it over once', () => {
    const { early, hubs } = setup();
    early.open();
    early.open();
    early.open();
    expect(hubs).toHaveLength(1);
    expect(hubs[0]?.starts).toBe(1);

    const taken = early.take();
    expect(taken).not.toBeNull();
    expect(early.take()).toBeNull();
    early.close();
    expect(hubs[0]?.stopped).toBe(false);
  });

  it('hands over a connection still on its way up, for the call to wait on', () => {
    const { early, hubs } = setup(true);
    early.open();
    expect(hubs[0]?.state).toBe('Connecting');
    expect(early.take()).not.toBeNull();
  });

  it('closes a connection nobody took, and opens none after that', () => {
    const { early, hubs } = setup();
    early.open();
    early.close();
    expect(hubs[0]?.stopped).toBe(true);
    expect(early.take()).toBeNull();

    early.open();
    expect(hubs).toHaveLength(1);
  });

  it('does not hand over a connection that dropped: the call opens its own', () => {
    const { early, hubs } = setup();
    early.open();
    hubs[0]?.close(new Error('network down'));
    expect(early.take()).toBeNull();
  });
});
