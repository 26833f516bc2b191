import { useCallback, useEffect, useRef } from 'react';
import { createSignalingClient } from '../core/browser';
import { EarlyHubConnection } from '../core/earlyHubConnection';
import type { SignalingClient } from '../core/signalingClient';

export interface EarlyHub {
  /** Starts opening the connection if it is not yet; cheap to call on every interaction with the form. */
  open: () => void;
  /** Hands the connection to the call if it is up or on its way up, else `null` (the call opens its own). */
  take: () => SignalingClient | null;
}

/**
 * The pre-join screen's hub connection, opened at load when `openAtLoad` is set and otherwise on the first
 * {@link EarlyHub.open}; unmounting closes it unless the call took it.
 *
 * @example
 * const hub = useEarlyHubConnection(false);
 * <form onFocus={hub.open}>…</form>; const onJoin = () => startCall({ signaling: hub.take() });
 */
export function useEarlyHubConnection(openAtLoad: boolean): EarlyHub {
  const early = useRef<EarlyHubConnection | null>(null);

  useEffect(() => {
    const connection = new EarlyHubConnection(createSignalingClient);
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
