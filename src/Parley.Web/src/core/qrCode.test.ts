import { describe, expect, it } from 'vitest';
import { encodeQr, qrPath } from './qrCode';

function finderAt(modules: readonly (readonly boolean[])[], top: number, left: number): boolean {
  // A finder pattern: dark 7×7 ring, light 5×5 ring, dark 3×3 centre.
  for (let y = 0; y < 7; y += 1) {
    for (let x = 0; x < 7; x += 1) {
      const ring = Math.max(Math.abs(y - 3), Math.abs(x - 3));
      const expected = ring !== 2;
      if (modules[top + y]?.[left + x] !== expected) {
        return false;
      }
    }
  }
  return true;
}

describe('encodeQr', () => {
  it('makes a version-4 symbol (33×33) for an invite link, with the three finder patterns', () => {
    const { size, modules } = encodeQr('https://parley.example.org/r/k3f9-x2ab-7qpm-w8dn-c4hz');
    expect(size).toBe(33);
    expect(modules).toHaveLength(size);
    expect(finderAt(modules, 0, 0)).toBe(true);
    expect(finderAt(modules, 0, size - 7)).toBe(true);
    expect(finderAt(modules, size - 7, 0)).toBe(true);
    expect(finderAt(modules, size - 7, size - 7)).toBe(false);
  });

  it('grows with the text and is deterministic', () => {
    expect(encodeQr('hi').size).toBe(21);
    expect(encodeQr('x'.repeat(200)).size).toBeGreaterThan(33);
    expect(encodeQr('same text')).toEqual(encodeQr('same text'));
  });

  it('encodes non-ASCII text as UTF-8 (more bytes, so a different symbol than its ASCII look-alike)', () => {
    expect(encodeQr('é'.repeat(14)).size).toBe(29); // 28 bytes: version 3
    expect(encodeQr('e'.repeat(14)).size).toBe(21); // 14 bytes: version 1
  });

  it('draws one square per dark module inside a quiet zone', () => {
    const matrix = encodeQr('hi');
    const dark = matrix.modules.flat().filter(Boolean).length;
    const path = qrPath(matrix, 4);
    expect(path.match(/M/g)).toHaveLength(dark);
    expect(path.startsWith('M4 4h1v1h-1z')).toBe(true);
  });
});
