import { errorDetail } from './errorDetail';

/** Why a camera, microphone or screen could not be used; the components put it into words. */
export type MediaFailure =
  /** The person or the browser's settings refused access. */
  | { readonly code: 'denied' }
  /** No such device, or none that fits what was asked. */
  | { readonly code: 'missing' }
  /** The device is there but another app holds it, or it could not start. */
  | { readonly code: 'busy' }
  /** The page is neither HTTPS nor localhost, so the browser offers no devices at all. */
  | { readonly code: 'insecure-context' }
  /** Anything else; `detail` is the browser's own message, if it gave one. */
  | { readonly code: 'failed'; readonly detail: string | null };

/** What `getUserMedia` rejects with on a page that is neither HTTPS nor localhost (`navigator.mediaDevices` is absent). */
export class InsecureContextError extends Error {
  override readonly name = 'InsecureContextError';

  constructor() {
    super('navigator.mediaDevices is not available: the page is not a secure context.');
  }
}

function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string') {
    return error.name;
  }
  return '';
}

/** Classifies a `getUserMedia` or `getDisplayMedia` rejection by its `DOMException` name. */
export function classifyMediaError(error: unknown): MediaFailure {
  switch (errorName(error)) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError': // Older Chromium.
      return { code: 'denied' };
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError': // Older Chromium.
      return { code: 'missing' };
    case 'NotReadableError':
    case 'AbortError':
      return { code: 'busy' };
    case 'InsecureContextError':
      return { code: 'insecure-context' };
    default:
      return { code: 'failed', detail: errorDetail(error) };
  }
}
