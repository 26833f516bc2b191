import { describe, expect, it } from 'vitest';
import { RECONNECT_GIVE_UP_MS, nextReconnectDelay } from './reconnectSchedule';

describe('nextReconnectDelay', () => {
  it('retries at once, then after 1, 2 and 3 s, then every 3 s', () => {
    const delays = [0, 1, 2, 3, 4, 10].map((previousRetryCount) =>
      nextReconnectDelay({ previousRetryCount, elapsedMilliseconds: 1000 }),
    );
    expect(delays).toEqual([0, 1000, 2000, 3000, 3000, 3000]);
  });

  it('gives up once two minutes have passed', () => {
    expect(nextReconnectDelay({ previousRetryCount: 40, elapsedMilliseconds: RECONNECT_GIVE_UP_MS - 1 })).toBe(3000);
    expect(nextReconnectDelay({ previousRetryCount: 40, elapsedMilliseconds: RECONNECT_GIVE_UP_MS })).toBeNull();
  });
});
