import type { MediaNotice } from '../core/localMedia';
import type { MediaFailure } from '../core/mediaErrors';

const INSECURE_CONTEXT =
  'This page cannot use a camera: browsers allow it only on a secure connection. Open Parley over https (or on localhost).';

/** A media failure in a sentence that says what to do, where no more particular words fit. */
export function mediaFailureText(failure: MediaFailure): string {
  switch (failure.code) {
    case 'denied':
      return 'The browser does not let Parley use it. Allow it in the address bar or site settings.';
    case 'missing':
      return 'No such device was found. Connect one, or choose another.';
    case 'busy':
      return 'Your camera or microphone is busy or could not be started. Close other apps that use it, then try again.';
    case 'insecure-context':
      return INSECURE_CONTEXT;
    case 'failed':
      return failure.detail ?? 'Something unexpected went wrong.';
  }
}

/** Why the pre-join preview shows no picture. */
export function previewFailureText(failure: MediaFailure): string {
  switch (failure.code) {
    case 'denied':
      return 'Parley may not use your camera or microphone. Allow them in the address bar or site settings, or join audio only or receive only below.';
    case 'missing':
      return 'No camera or microphone was found. Connect one, or join audio only or receive only below.';
    default:
      return mediaFailureText(failure);
  }
}

/** Why the diagnostics page's camera and microphone check failed. */
export function deviceCheckFailureText(failure: MediaFailure): string {
  switch (failure.code) {
    case 'denied':
      return 'Camera and microphone access is blocked. Allow it in the address bar or site settings, then check again.';
    case 'missing':
      return 'No camera or microphone was found. Connect one, then check again.';
    default:
      return mediaFailureText(failure);
  }
}

/** A problem with a call control (a device switch, a screen share). */
export function noticeText(notice: MediaNotice): string {
  switch (notice.code) {
    case 'no-device-to-switch':
      return notice.kind === 'audio' ? 'This call has no microphone to switch.' : 'This call has no camera to switch.';
    case 'device-failed':
      return `That device could not be started. ${mediaFailureText(notice.failure)}`;
    case 'device-silent':
      return 'That device gave no picture or sound. Choose another one.';
    case 'screen-share-unsupported':
      return 'This browser cannot share the screen. Try a desktop browser.';
    case 'screen-share-needs-camera':
      return 'Screen sharing replaces your camera, so it needs a call joined with a camera.';
    case 'screen-share-failed':
      return notice.failure.code === 'denied'
        ? 'Screen sharing was cancelled or not allowed. Choose Share screen again and pick a screen or window.'
        : `The screen could not be shared. ${mediaFailureText(notice.failure)}`;
  }
}
