import { describe, expect, it } from 'vitest';
import {
  MAX_ROOM_LENGTH,
  MAX_USERNAME_LENGTH,
  generateRoomName,
  validateRoom,
  validateUsername,
} from './roomName';
import type { RandomFill } from './roomName';

/** A random source that hands out the given bytes in order, then repeats them. */
function scripted(bytes: number[]): RandomFill {
  let next = 0;
  return (buffer) => {
    for (let i = 0; i < buffer.length; i += 1) {
      buffer[i] = bytes[next % bytes.length] ?? 0;
      next += 1;
    }
  };
}

describe('generateRoomName', () => {
  it('makes three dash-joined groups of four lowercase letters or digits', () => {
    for (let i = 0; i < 200; i += 1) {
      expect(generateRoomName()).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    }
  });

  it('carries at least 60 bits of entropy', () => {
    const letters = generateRoomName().replaceAll('-', '').length;
    expect(letters * Math.log2(36)).toBeGreaterThanOrEqual(60);
  });

  it('is accepted by the room validation', () => {
    expect(validateRoom(generateRoomName())).toBeNull();
  });

  it('does not repeat itself', () => {
    const names = new Set(Array.from({ length: 1000 }, () => generateRoomName()));
    expect(names.size).toBe(1000);
  });

  it('maps random bytes onto the alphabet', () => {
    // 0 → "a", 25 → "z", 26 → "0", 35 → "9"; 36 and 61 wrap round to "a" and "z".
    expect(generateRoomName(scripted([0, 25, 26, 35]))).toBe('az09-az09-az09');
    expect(generateRoomName(scripted([36, 61]))).toBe('azaz-azaz-azaz');
  });

  it('redraws bytes that would bias the alphabet instead of wrapping them', () => {
    // 252..255 lie past the last whole multiple of 36 and must be skipped.
    expect(generateRoomName(scripted([255, 252, 1]))).toBe('bbbb-bbbb-bbbb');
  });
});

describe('validateRoom', () => {
  it('accepts 1 to 64 letters, digits, dashes and underscores', () => {
    expect(validateRoom('a')).toBeNull();
    expect(validateRoom('Team_Room-42')).toBeNull();
    expect(validateRoom('x'.repeat(MAX_ROOM_LENGTH))).toBeNull();
  });

  it('rejects an empty room as empty', () => {
    expect(validateRoom('')).toEqual({ code: 'empty' });
  });

  it('rejects a room longer than 64 characters', () => {
    expect(validateRoom('x'.repeat(MAX_ROOM_LENGTH + 1))).toEqual({ code: 'too-long', max: 64 });
  });

  it.each(['my room', 'room/1', 'café', 'a.b', 'a?b=c', '💬'])('rejects %j', (room) => {
    expect(validateRoom(room)).toEqual({ code: 'bad-characters' });
  });
});

describe('validateUsername', () => {
  it('accepts 1 to 32 printable characters, spaces and non-Latin letters included', () => {
    expect(validateUsername('A')).toBeNull();
    expect(validateUsername('Ada Lovelace')).toBeNull();
    expect(validateUsername('Zoë 山田')).toBeNull();
    expect(validateUsername('x'.repeat(MAX_USERNAME_LENGTH))).toBeNull();
  });

  it('rejects an empty or blank username as empty', () => {
    expect(validateUsername('')).toEqual({ code: 'empty' });
    expect(validateUsername('   ')).toEqual({ code: 'empty' });
  });

  it('rejects a username longer than 32 characters', () => {
    expect(validateUsername('x'.repeat(MAX_USERNAME_LENGTH + 1))).toEqual({ code: 'too-long', max: 32 });
  });

  it('counts characters as code points and ignores surrounding spaces, as the server does', () => {
    // 32 emoji are 64 UTF-16 code units.
    expect(validateUsername('😀'.repeat(MAX_USERNAME_LENGTH))).toBeNull();
    expect(validateUsername('😀'.repeat(MAX_USERNAME_LENGTH + 1))).toEqual({ code: 'too-long', max: 32 });
    expect(validateUsername(`  ${'x'.repeat(MAX_USERNAME_LENGTH)}  `)).toBeNull();
  });

  it.each([
    'tab\there',
    'new\nline',
    'nul\u0000',
    'del\u007f',
    'c1\u0085',
    'bidi\u202Eoverride',
    'zero\u200Bwidth',
    'line\u2028break',
    'lone\uD800surrogate',
    'private\uE000use',
  ])(
    'rejects unprintable characters in %j',
    (username) => {
      expect(validateUsername(username)).toEqual({ code: 'bad-characters' });
    },
  );
});
