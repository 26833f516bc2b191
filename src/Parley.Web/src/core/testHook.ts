/**
 * What the end-to-end tests reach through `window.__parley` while a call is on screen.
 */
export interface ParleyTestHook {
  /** The connection to the peer who has been in the call longest, or `null` while there is none. */
  peerConnection: () => RTCPeerConnection | null;
  /** The connection to each other person, with their peer id and name. */
  peerConnections: () => ReadonlyArray<{ peerId: string; username: string; connection: RTCPeerConnection }>;
  /** Makes this side start a new negotiation (an ICE restart) with everyone; on both sides at once it forces glare. */
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
