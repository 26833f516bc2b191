import { useCallback, useEffect, useRef } from 'react';
import { createSignalingClient } from '../core/browser';
import { EarlySignalingConnection } from '../core/earlySignalingConnection';
import type { SocketSignalingClient } from '../core/socketSignaling';

export interface EarlySignaling {
  /** Starts opening the connection if it is not yet; cheap to call on every interaction with the form. */
  open: () => void;
  /** Hands the connection to the call if it is up or on its way up, else `null` (the call opens its own). */
  take: () => SocketSignalingClient | null;
}

/**
 * The pre-join screen's signaling connection, opened at load when `openAtLoad` is set and otherwise on the first
 * {@link EarlySignaling.open}; unmounting closes it unless the call took it.
 *
 * @example
 * const signaling = useEarlySignalingConnection(false);
 * <form onFocus={signaling.open}>…</form>; const onJoin = () => startCall({ signaling: signaling.take() });
 */
export function useEarlySignalingConnection(openAtLoad: boolean): EarlySignaling {
  const early = useRef<EarlySignalingConnection | null>(null);

  useEffect(() => {
    const connection = new EarlySignalingConnection(createSignalingClient);
    early.current = connection;
    if (openAtLoad) {
      connection.open();
    }
    return () => {
      if (early.current === connection) {
        early.current = null;
      }
      connection.close();
    };
  }, [openAtLoad]);

  const open = useCallback(() => early.current?.open(), []);
  const take = useCallback(() => early.current?.take() ?? null, []);
  return { open, take };
}
