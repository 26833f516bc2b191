import { parseJsonObject } from './signalMessage';

/**
 * Whether a person's microphone, camera and screen share are on, as the others' tiles show it. It travels peer to
 * peer on a DataChannel of its own (`state`), negotiated with a fixed id like chat and files, so the server never
 * sees it; each side sends its state when the channel opens and again on every change.
 */
export const MEDIA_STATE_CHANNEL = { label: 'state', id: 2 } as const;

export interface PeerMediaState {
  readonly microphone: boolean;
  readonly camera: boolean;
  readonly screen: boolean;
}

export function encodeMediaState(state: PeerMediaState): string {
  return JSON.stringify({ type: 'media', microphone: state.microphone, camera: state.camera, screen: state.screen });
}

/** Reads a `state` channel message; anything but a well-formed media state gives `null`. */
export function parseMediaState(data: unknown): PeerMediaState | null {
  const value = parseJsonObject(data);
  if (value?.type !== 'media') {
    return null;
  }
  const { microphone, camera, screen } = value;
  return typeof microphone === 'boolean' && typeof camera === 'boolean' && typeof screen === 'boolean'
    ? { microphone, camera, screen }
    : null;
}

export function sameMediaState(a: PeerMediaState | null, b: PeerMediaState | null): boolean {
  return a === b || (a !== null && b !== null && a.microphone === b.microphone && a.camera === b.camera && a.screen === b.screen);
}
