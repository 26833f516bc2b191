import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { createBrowserCall } from '../core/browser';
import type { CallController, CallSnapshot } from '../core/callController';
import { installTestHook } from '../core/testHook';

const IDLE: CallSnapshot<MediaStream> = {
  status: { state: 'connecting-server' },
  localStream: null,
  remoteStream: null,
};
const subscribeNothing = (): (() => void) => () => {};
const getIdle = (): CallSnapshot<MediaStream> => IDLE;

export interface UseCall {
  snapshot: CallSnapshot<MediaStream>;
  /** Drops the current attempt (leaving the room) and starts a new one. */
  retry: () => void;
}

/**
 * Runs a call in `room` as `username` while the calling component is mounted; unmounting hangs
 * up (Leave, camera off, connection closed).
 *
 * @example
 * const { snapshot, retry } = useCall('k3f9-x2ab-7qpm', 'Ada');
 */
export function useCall(room: string, username: string): UseCall {
  const [attempt, setAttempt] = useState(0);
  const [controller, setController] = useState<CallController<MediaStream> | null>(null);

  useEffect(() => {
    const call = createBrowserCall({ room, username });
    setController(call.controller);
    const removeTestHook = installTestHook({
      peerConnection: call.peerConnection,
      renegotiate: () => call.controller.renegotiate(),
    });
    void call.controller.start();
    return () => {
      removeTestHook();
      void call.controller.dispose();
    };
  }, [room, username, attempt]);

  const snapshot = useSyncExternalStore(
    controller?.subscribe ?? subscribeNothing,
    controller?.getSnapshot ?? getIdle,
  );
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { snapshot, retry };
}
