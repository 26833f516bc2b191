import { describe, expect, it } from 'vitest';
import { encodeMediaState, parseMediaState } from './mediaState';

describe('media state messages', () => {
  it('round-trips a state', () => {
    const state = { microphone: false, camera: true, screen: true };
    expect(parseMediaState(encodeMediaState(state))).toEqual(state);
  });

  it.each([
    'not json',
    '{"type":"chat","text":"hi"}',
    '{"type":"media","microphone":"no","camera":true,"screen":false}',
    '{"type":"media","camera":true,"screen":false}',
    '[1,2]',
  ])('ignores %s', (payload) => {
    expect(parseMediaState(payload)).toBeNull();
  });

  it('ignores binary data', () => {
    expect(parseMediaState(new ArrayBuffer(4))).toBeNull();
  });
});
