/**
 * What the end-to-end tests reach through `window.__parley` while a call is on screen.
 */
export interface ParleyTestHook {
  /** The connection to the remote peer, or `null` while there is none. */
  peerConnection: () => RTCPeerConnection | null;
  /** Makes this side start a new negotiation (an ICE restart); calling it on both sides at once forces glare. */
  renegotiate: () => void;
}

declare global {
  interface Window {
    __parley?: ParleyTestHook;
  }
}

/** Publishes the hook on `window`; the returned function removes it again. */
export function installTestHook(hook: ParleyTestHook): () => void {
  window.__parley = hook;
  return () => {
    if (window.__parley === hook) {
      delete window.__parley;
    }
  };
}
