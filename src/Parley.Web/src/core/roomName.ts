/** Room names and usernames: generation and the same validation rules the server applies. */
import { SignalingLimits } from './contract.generated';

export const MAX_ROOM_LENGTH = SignalingLimits.maxRoomLength;
export const MAX_USERNAME_LENGTH = SignalingLimits.maxUsernameLength;

const ROOM_PATTERN = /^[A-Za-z0-9_-]+$/;
// What the server refuses in a name: control, format (bidi overrides, zero-width joiners), line and
// paragraph separators, lone surrogates, private-use and unassigned characters.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/u;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
// Largest multiple of the alphabet size that fits in a byte: bytes at or above it are
// redrawn so that every character is equally likely.
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

/** Three groups of four characters: 12 × log2(36) ≈ 62 bits of entropy. */
export const ROOM_NAME_GROUPS = 3;
export const ROOM_NAME_GROUP_LENGTH = 4;

export type RandomFill = (bytes: Uint8Array) => void;

const cryptoFill: RandomFill = (bytes) => {
  crypto.getRandomValues(bytes);
};

/**
 * Makes an unguessable room name such as `k3f9-x2ab-7qpm` from a cryptographic random source.
 *
 * @example
 * const room = generateRoomName(); // "k3f9-x2ab-7qpm"
 */
export function generateRoomName(fill: RandomFill = cryptoFill): string {
  const length = ROOM_NAME_GROUPS * ROOM_NAME_GROUP_LENGTH;
  const chars: string[] = [];
  const buffer = new Uint8Array(length * 2);
  while (chars.length < length) {
    fill(buffer);
    for (const byte of buffer) {
      if (byte < UNBIASED_LIMIT && chars.length < length) {
        chars.push(ALPHABET.charAt(byte % ALPHABET.length));
      }
    }
  }
  const groups: string[] = [];
  for (let i = 0; i < length; i += ROOM_NAME_GROUP_LENGTH) {
    groups.push(chars.slice(i, i + ROOM_NAME_GROUP_LENGTH).join(''));
  }
  return groups.join('-');
}

/** What is wrong with a room name or a username, checked as the server checks it. */
export type NameProblem =
  | { readonly code: 'empty' }
  | { readonly code: 'too-long'; readonly max: number }
  /** Room names: only letters, digits, `-` and `_`; usernames: only printable characters. */
  | { readonly code: 'bad-characters' };

/** Says what to fix, or `null` when the server will accept the room. */
export function validateRoom(room: string): NameProblem | null {
  if (room.length === 0) {
    return { code: 'empty' };
  }
  if (room.length > MAX_ROOM_LENGTH) {
    return { code: 'too-long', max: MAX_ROOM_LENGTH };
  }
  if (!ROOM_PATTERN.test(room)) {
    return { code: 'bad-characters' };
  }
  return null;
}

/**
 * Says what to fix, or `null` when the server will accept the username. Like the server, it ignores surrounding
 * white space and counts characters as Unicode code points.
 */
export function validateUsername(username: string): NameProblem | null {
  const name = username.trim();
  if (name.length === 0) {
    return { code: 'empty' };
  }
  if ([...name].length > MAX_USERNAME_LENGTH) {
    return { code: 'too-long', max: MAX_USERNAME_LENGTH };
  }
  if (UNPRINTABLE.test(name)) {
    return { code: 'bad-characters' };
  }
  return null;
}
