/** How long the client keeps trying to reconnect to the server before it gives up. */
export const RECONNECT_GIVE_UP_MS = 120_000;

/**
 * Delay before the next reconnection attempt: at once, then 1, 2 and 3 s, then every 3 s, until
 * {@link RECONNECT_GIVE_UP_MS}; `null` gives up.
 */
export function nextReconnectDelay(retry: { previousRetryCount: number; elapsedMilliseconds: number }): number | null {
  if (retry.elapsedMilliseconds >= RECONNECT_GIVE_UP_MS) {
    return null;
  }
  return Math.min(retry.previousRetryCount, 3) * 1000;
}
