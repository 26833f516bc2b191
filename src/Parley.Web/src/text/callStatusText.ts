import type { CallError, CallStatus } from '../core/callStatus';
import { SignalingLimits } from '../core/contract.generated';
import type { SignalingErrorCode } from '../core/types';
import { mediaFailureText } from './mediaText';

export interface StatusText {
  readonly title: string;
  readonly detail?: string;
  /** Whether the call is over and a new attempt ("Try again") is the way on. */
  readonly retry: boolean;
}

/** The call's status in words: a title, what to do, and whether to offer "Try again". */
export function callStatusText(status: CallStatus): StatusText {
  switch (status.state) {
    case 'connecting-server':
      return { title: 'Starting your camera and connecting to the server…', retry: false };
    case 'waiting':
      return {
        title: 'Waiting for others to join…',
        detail: 'Send them the invite link of this room.',
        retry: false,
      };
    case 'connecting':
      return status.recovering === true
        ? {
            title: `Reconnecting to ${status.peerName}…`,
            detail: 'The connection dropped for a moment; Parley is restoring it. Stay here.',
            retry: false,
          }
        : { title: `Connecting to ${status.peerName}…`, retry: false };
    case 'connected':
      return { title: `Connected with ${nameList(status.peerNames)}`, retry: false };
    case 'ice-failed':
      return {
        title: `Cannot connect to ${status.peerName}: your networks block a direct connection.`,
        detail: status.relayOffered
          ? 'The relay server could not be reached either. Parley keeps trying; another network (or Wi-Fi instead of mobile data) may help.'
          : 'This server offers no relay (TURN) to go through instead. Parley keeps trying; another network may help, or ask the server operator to enable TURN.',
        retry: false,
      };
    case 'peer-reconnecting':
      return {
        title: `${status.peerName} is reconnecting…`,
        detail: 'Their connection to the server dropped; their seat is kept for them while they come back.',
        retry: false,
      };
    case 'peer-left':
      return {
        title: `${status.peerName} left the call`,
        detail: 'Stay here to wait for them to come back, or hang up.',
        retry: false,
      };
    case 'room-full':
      return {
        title:
          status.capacity === null
            ? 'This room is full.'
            : `This room is full: it holds ${status.capacity} people, and all ${status.capacity} are in the call.`,
        detail: 'Try again later, or hang up and start a new call with another room name.',
        retry: true,
      };
    case 'media-denied':
      return {
        title: 'Parley may not use your camera and microphone.',
        detail:
          "Allow camera and microphone access for this site (the camera icon in the address bar, or the browser's site settings), then choose Try again.",
        retry: true,
      };
    case 'media-missing':
      return {
        title: 'No camera or microphone was found.',
        detail: 'Connect a camera and a microphone, then choose Try again.',
        retry: true,
      };
    case 'server-unreachable':
      return {
        title: 'Cannot reach the Parley server.',
        detail: 'Check your network connection, then choose Try again.',
        retry: true,
      };
    case 'error':
      return { title: 'Something went wrong.', detail: callErrorText(status.error), retry: true };
  }
}

/** Names as a sentence lists them: "Ada", "Ada and Bob", "Ada, Bob and Carol". */
export function nameList(names: readonly string[]): string {
  if (names.length <= 1) {
    return names[0] ?? '';
  }
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

function callErrorText(error: CallError): string {
  switch (error.code) {
    case 'media':
      return mediaFailureText(error.failure);
    case 'refused':
      return refusalText(error.serverCode, error.serverMessage);
    case 'signaling-failed':
      return error.detail === null
        ? 'The server did not answer the request to join.'
        : `The server did not answer the request to join: ${error.detail}`;
  }
}

/**
 * Words for each error code of the server (docs/signaling.md) when it refuses a join; `null` where no join or
 * `Unlock` answers with that code, so the server's own message stands.
 */
export const refusalTexts: Readonly<Record<SignalingErrorCode, string | null>> = {
  'invalid-room': `The room name is not valid: use 1 to ${SignalingLimits.maxRoomLength} letters, digits, "-" and "_".`,
  'invalid-username': `The server does not accept this username: use 1 to ${SignalingLimits.maxUsernameLength} printable characters.`,
  'invalid-passcode': `The passcode is too long: use at most ${SignalingLimits.maxPasscodeLength} characters.`,
  'already-joined': 'This connection is already in a room. Reload the page, then try again.',
  'room-full': 'The room is full.',
  'server-draining': 'The server is shutting down. Try again in a moment.',
  'rate-limited': 'Too many attempts from this connection. Wait a moment, then try again.',
  // A call the server could not read or complete fails as a whole (signaling-failed), with the server's message.
  'invalid-call': null,
  'server-error': null,
  // Answers to Data, Relay and Leave.
  'invalid-payload': null,
  'payload-too-large': null,
  'not-joined': null,
  'unknown-peer': null,
};

/** A join the server refused, by its error code; its own message for a code without words of ours. */
function refusalText(code: string, serverMessage: string): string {
  const text = Object.hasOwn(refusalTexts, code) ? refusalTexts[code as SignalingErrorCode] : null;
  if (text !== null) {
    return text;
  }
  return serverMessage === '' ? `The server refused to join the room (${code}).` : serverMessage;
}
