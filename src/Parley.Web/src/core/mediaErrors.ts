/** What went wrong when asking for the camera and microphone. */
export type MediaFailure = 'media-denied' | 'media-missing' | 'error';

function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string') {
    return error.name;
  }
  return '';
}

/** Classifies a `getUserMedia` rejection by its `DOMException` name. */
export function classifyMediaError(error: unknown): MediaFailure {
  switch (errorName(error)) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError': // Older Chromium.
      return 'media-denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError': // Older Chromium.
      return 'media-missing';
    default:
      return 'error';
  }
}

/** A sentence for a media failure that is neither a refusal nor a missing device. */
export function describeMediaError(error: unknown): string {
  if (errorName(error) === 'NotReadableError' || errorName(error) === 'AbortError') {
    return 'Your camera or microphone is busy or could not be started. Close other apps that use it, then try again.';
  }
  return errorMessage(error);
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message !== '') {
    return error.message;
  }
  if (typeof error === 'string' && error !== '') {
    return error;
  }
  return 'Something unexpected went wrong.';
}
