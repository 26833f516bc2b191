import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createBrowserCall } from '../core/browser';
import type { BrowserPeerConnection } from '../core/browser';
import { INITIAL_CALL_DATA } from '../core/callController';
import type { CallController, CallSnapshot, PreparedCall } from '../core/callController';
import type { MediaChoice } from '../core/devices';
import { installTestHook } from '../core/testHook';

const IDLE: CallSnapshot<MediaStream> = {
  status: { state: 'connecting-server' },
  localStream: null,
  peers: [],
  capacity: null,
  hasMicrophone: false,
  hasCamera: false,
  microphoneOn: false,
  cameraOn: false,
  screenStream: null,
  signalingReconnecting: false,
  data: INITIAL_CALL_DATA,
  notice: null,
};
const subscribeNothing = (): (() => void) => () => {};
const getIdle = (): CallSnapshot<MediaStream> => IDLE;
const noConnections = (): readonly BrowserPeerConnection[] => [];

export interface UseCall {
  snapshot: CallSnapshot<MediaStream>;
  /** The running call's controls (mute, camera, chat, files…), or `null` before it starts. */
  controller: CallController<MediaStream> | null;
  /** The `RTCPeerConnection` to each other person, for the stats panel and the speaking indicators. */
  peerConnections: () => readonly BrowserPeerConnection[];
  /** Drops the current attempt (leaving the room) and starts a new one. */
  retry: () => void;
}

/**
 * Runs a call in `room` as `username` with the devices in `media` while the calling component is
 * mounted; unmounting hangs up (Leave, camera off, connection closed). The first attempt takes over what
 * the pre-join screen `prepared`; a retry opens everything afresh.
 *
 * @example
 * const { snapshot, controller } = useCall('k3f9-x2ab-7qpm', 'Ada', { video: true, audio: true });
 */
export function useCall(
  room: string,
  username: string,
  media: MediaChoice,
  passcode: string | null = null,
  prepared: PreparedCall<MediaStream> | null = null,
): UseCall {
  const [attempt, setAttempt] = useState(0);
  const [call, setCall] = useState<ReturnType<typeof createBrowserCall> | null>(null);
  const handedOver = useRef(prepared);

  useEffect(() => {
    const created = createBrowserCall({ room, username, media, passcode }, handedOver.current);
    handedOver.current = null;
    setCall(created);
    const removeTestHook = installTestHook({
      peerConnection: created.peerConnection,
      peerConnections: created.peerConnections,
      renegotiate: () => created.controller.renegotiate(),
    });
    void created.controller.start();
    return () => {
      removeTestHook();
      void created.controller.dispose();
    };
  }, [room, username, media, passcode, attempt]);

  const controller = call?.controller ?? null;
  const snapshot = useSyncExternalStore(
    controller?.subscribe ?? subscribeNothing,
    controller?.getSnapshot ?? getIdle,
  );
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { snapshot, controller, peerConnections: call?.peerConnections ?? noConnections, retry };
}
