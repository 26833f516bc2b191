import { describe, expect, it } from 'vitest';
import { asPassiveAnswer } from './dtlsRole';

const offer = (setup: string) =>
  ['v=0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', `a=setup:${setup}`, 'm=video 9 UDP/TLS/RTP/SAVPF 96', `a=setup:${setup}`, ''].join(
    '\r\n',
  );
const answer = ['v=0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=setup:active', 'm=video 9 UDP/TLS/RTP/SAVPF 96', 'a=setup:active', ''].join(
  '\r\n',
);

describe('asPassiveAnswer', () => {
  it('makes every section of the answer passive when the offer let the answerer choose', () => {
    expect(asPassiveAnswer(offer('actpass'), answer)).toBe(answer.replaceAll('a=setup:active', 'a=setup:passive'));
  });

  it('leaves the answer alone when the offer chose a role, or named none', () => {
    expect(asPassiveAnswer(offer('active'), answer)).toBeNull();
    expect(asPassiveAnswer(offer('passive'), answer)).toBeNull();
    expect(asPassiveAnswer('v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n', answer)).toBeNull();
  });

  it('leaves an answer that is not active alone', () => {
    expect(asPassiveAnswer(offer('actpass'), answer.replaceAll('active', 'passive'))).toBeNull();
  });
});
