import { useCallback, useEffect, useRef } from 'react';
import { EARLY_CONFIGURATION } from '../core/rtcConfiguration';

export interface EarlyPeerConnection {
  /** Makes the connection if it is not made yet; cheap to call on every interaction with the form. */
  open: () => void;
  /** Hands the connection to the call (its first peer connection takes it over), else `null`. */
  take: () => RTCPeerConnection | null;
}

/**
 * A peer connection the pre-join screen makes ahead of Join, at load when `openAtLoad` is set and otherwise on the
 * first {@link EarlyPeerConnection.open}: the browser starts its WebRTC machinery (threads, a DTLS certificate) while
 * the person reads the page, not after Join, where it delayed the answer to the first offer. It names no ICE server
 * (TURN credentials come with a seat); the call configures it when it takes it. Unmounting closes it unless taken.
 *
 * @example
 * const connection = useEarlyPeerConnection(true);
 * const onJoin = () => startCall({ connection: connection.take() });
 */
export function useEarlyPeerConnection(openAtLoad: boolean): EarlyPeerConnection {
  const made = useRef<RTCPeerConnection | null>(null);
  const mounted = useRef(false);

  const open = useCallback(() => {
    if (made.current === null && mounted.current && typeof RTCPeerConnection !== 'undefined') {
      made.current = new RTCPeerConnection(EARLY_CONFIGURATION);
    }
  }, []);

  useEffect(() => {
    mounted.current = true;
    if (openAtLoad) {
      open();
    }
    return () => {
      mounted.current = false;
      made.current?.close();
      made.current = null;
    };
  }, [openAtLoad, open]);

  const take = useCallback(() => {
    const connection = made.current;
    made.current = null;
    return connection !== null && connection.connectionState !== 'closed' ? connection : null;
  }, []);
  return { open, take };
}
