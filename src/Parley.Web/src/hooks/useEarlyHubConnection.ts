import { useCallback, useEffect, useRef } from 'react';
import { createSignalingClient } from '../core/browser';
import type { SignalingClient } from '../core/signalingClient';

interface EarlyConnection {
  readonly client: SignalingClient;
  taken: boolean;
}

/**
 * Opens the hub connection while the pre-join screen is shown, so that Join need not wait for its round trips.
 * The returned `take` hands it to the call if it is up or on its way up (else `null`: the call opens its own);
 * unmounting closes a connection nobody took.
 *
 * @example
 * const takeHubConnection = useEarlyHubConnection();
 * const onJoin = () => startCall({ signaling: takeHubConnection() });
 */
export function useEarlyHubConnection(): () => SignalingClient | null {
  const early = useRef<EarlyConnection | null>(null);

  useEffect(() => {
    const connection: EarlyConnection = { client: createSignalingClient(), taken: false };
    early.current = connection;
    connection.client.connect().catch(() => {
      // Not handed over then: the call opens a connection of its own, and says why if that fails too.
    });
    return () => {
      if (early.current === connection) {
        early.current = null;
      }
      if (!connection.taken) {
        connection.client.disconnect().catch(() => {
          // Closing a connection nobody used: there is nothing left to do if it fails.
        });
      }
    };
  }, []);

  return useCallback(() => {
    const connection = early.current;
    if (connection === null || connection.taken || !connection.client.isOpen) {
      return null;
    }
    connection.taken = true;
    return connection.client;
  }, []);
}
