import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IceRecovery } from './iceRecovery';
import type { IceRecoveryOptions } from './iceRecovery';

function setup(
  initial: RTCIceConnectionState = 'connected',
  options: Pick<IceRecoveryOptions, 'connected' | 'replace' | 'gatheringPending'> = {},
) {
  let state: RTCIceConnectionState = initial;
  const restart = vi.fn();
  const recovery = new IceRecovery({
    ...options,
    state: () => state,
    restart,
    disconnectedGraceMs: 3000,
    retryMs: 8000,
    setupTimeoutMs: 12_000,
  });
  const set = (next: RTCIceConnectionState): void => {
    state = next;
    recovery.update();
  };
  return { recovery, restart, set };
}

describe('IceRecovery', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('restarts ICE at once when the connection fails', () => {
    const { restart, set } = setup();
    set('failed');
    expect(restart).toHaveBeenCalledTimes(1);
  });

  it('restarts ICE when disconnected lasts longer than the grace period', () => {
    const { restart, set } = setup();
    set('disconnected');
    vi.advanceTimersByTime(2999);
    expect(restart).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(restart).toHaveBeenCalledTimes(1);
  });

  it('does nothing when ICE recovers by itself within the grace period', () => {
    const { restart, set } = setup();
    set('disconnected');
    vi.advanceTimersByTime(2000);
    set('connected');
    vi.advanceTimersByTime(20_000);
    expect(restart).not.toHaveBeenCalled();
  });

  it('tries again while the restart does not bring the connection back, and stops once it does', () => {
    const { recovery, restart, set } = setup();
    set('failed');
    set('checking');
    vi.advanceTimersByTime(8000);
    expect(restart).toHaveBeenCalledTimes(2);
    set('connected');
    vi.advanceTimersByTime(30_000);
    expect(recovery.restarts).toBe(2);
  });

  it('restarts ICE when a new connection has not connected by the setup deadline, and again until it does', () => {
    const { recovery, restart, set } = setup('new');
    vi.advanceTimersByTime(11_999);
    expect(restart).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(restart).toHaveBeenCalledTimes(1);
    // The restart's offer got no answer either: the connection is still new.
    vi.advanceTimersByTime(8000);
    expect(restart).toHaveBeenCalledTimes(2);
    set('checking');
    set('connected');
    vi.advanceTimersByTime(60_000);
    expect(recovery.restarts).toBe(2);
  });

  it('leaves a connection alone that connected before the setup deadline', () => {
    const { restart, set } = setup('new');
    set('checking');
    vi.advanceTimersByTime(5000);
    set('connected');
    vi.advanceTimersByTime(60_000);
    expect(restart).not.toHaveBeenCalled();
  });

  it('leaves a connection whose checks are running to ICE, so that a path that does not exist ends failed', () => {
    const { restart, set } = setup('new');
    set('checking');
    vi.advanceTimersByTime(40_000);
    expect(restart).not.toHaveBeenCalled();
    set('failed');
    expect(restart).toHaveBeenCalledTimes(1);
  });

  it('restarts at the setup deadline a connection whose ICE is up but which is not, until it is', () => {
    let connected = false;
    const { recovery, restart } = setup('connected', { connected: () => connected });
    recovery.update();
    vi.advanceTimersByTime(12_000);
    expect(restart).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(8000);
    expect(restart).toHaveBeenCalledTimes(2);
    connected = true;
    recovery.update();
    vi.advanceTimersByTime(60_000);
    expect(restart).toHaveBeenCalledTimes(2);
  });

  it('counts a failure before the setup deadline once: the restart it started keeps its own retry', () => {
    const { restart, set } = setup('new');
    set('checking');
    vi.advanceTimersByTime(10_000);
    set('failed');
    expect(restart).toHaveBeenCalledTimes(1);
    set('checking');
    vi.advanceTimersByTime(2000);
    expect(restart).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(6000);
    expect(restart).toHaveBeenCalledTimes(2);
  });

  it('replaces a connection still standing still after the setup deadline restart, and then watches no more', () => {
    const replace = vi.fn();
    const { restart, set } = setup('new', { replace });
    vi.advanceTimersByTime(12_000);
    expect(restart).toHaveBeenCalledTimes(1);
    expect(replace).not.toHaveBeenCalled();
    vi.advanceTimersByTime(8000);
    expect(replace).toHaveBeenCalledTimes(1);
    set('failed');
    vi.advanceTimersByTime(60_000);
    expect(restart).toHaveBeenCalledTimes(1);
    expect(replace).toHaveBeenCalledTimes(1);
  });

  it('does not replace a connection whose restart got its checks running: ICE gives its verdict', () => {
    const replace = vi.fn();
    const { restart, set } = setup('new', { replace });
    vi.advanceTimersByTime(12_000);
    set('checking');
    vi.advanceTimersByTime(40_000);
    expect(replace).not.toHaveBeenCalled();
    expect(restart).toHaveBeenCalledTimes(1);
  });

  it('waits twice as long after each setup restart, up to a limit', () => {
    const { restart } = setup('new');
    const restartsAt: number[] = [];
    restart.mockImplementation(() => restartsAt.push(Date.now()));
    const start = Date.now();
    vi.advanceTimersByTime(300_000);
    expect(restartsAt.map((at) => (at - start) / 1000)).toEqual([12, 20, 36, 68, 132, 196, 260]);
  });

  it('restarts instead of replacing while this side has not gathered a socket of its own yet', () => {
    let pending = true;
    const replace = vi.fn();
    const { restart } = setup('new', { replace, gatheringPending: () => pending });
    vi.advanceTimersByTime(12_000 + 8000);
    expect(restart).toHaveBeenCalledTimes(2);
    expect(replace).not.toHaveBeenCalled();
    pending = false;
    vi.advanceTimersByTime(16_000);
    expect(replace).toHaveBeenCalledTimes(1);
  });

  it('replaces a connection whose own gathering is still pending one restart later, not never', () => {
    const replace = vi.fn();
    const { restart } = setup('new', { replace, gatheringPending: () => true });
    vi.advanceTimersByTime(12_000 + 8000);
    expect(replace).not.toHaveBeenCalled();
    vi.advanceTimersByTime(16_000);
    expect(replace).toHaveBeenCalledTimes(1);
    expect(restart).toHaveBeenCalledTimes(2);
  });

  it('stops watching once disposed', () => {
    const { recovery, restart, set } = setup();
    set('disconnected');
    recovery.dispose();
    vi.advanceTimersByTime(10_000);
    set('failed');
    expect(restart).not.toHaveBeenCalled();
  });
});
