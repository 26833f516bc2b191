import { describe, expect, it } from 'vitest';
import { withVideoStartBitrate } from './startBitrate';

// The shape of Chromium's offer: audio, then video with VP8 (no fmtp), VP9 and H264 (fmtp), and RTX for each.
const OFFER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  'a=group:BUNDLE 0 1',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=mid:0',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 102',
  'a=mid:1',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 nack',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:98 VP9/90000',
  'a=fmtp:98 profile-id=0',
  'a=rtpmap:99 rtx/90000',
  'a=fmtp:99 apt=98',
  'a=rtpmap:102 H264/90000',
  'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
  '',
].join('\r\n');

describe('withVideoStartBitrate', () => {
  it('gives every video codec the start bitrate, adding a format line where the codec had none', () => {
    const lines = withVideoStartBitrate(OFFER, 1000).split('\r\n');

    expect(lines).toContain('a=fmtp:96 x-google-start-bitrate=1000');
    expect(lines.indexOf('a=fmtp:96 x-google-start-bitrate=1000')).toBe(lines.indexOf('a=rtpmap:96 VP8/90000') + 1);
    expect(lines).toContain('a=fmtp:98 profile-id=0;x-google-start-bitrate=1000');
    expect(lines).toContain(
      'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f;x-google-start-bitrate=1000',
    );
  });

  it('leaves audio, retransmission formats and everything else as they were', () => {
    const lines = withVideoStartBitrate(OFFER, 1000).split('\r\n');

    expect(lines).toContain('a=fmtp:111 minptime=10;useinbandfec=1');
    expect(lines).toContain('a=fmtp:97 apt=96');
    expect(lines).toContain('a=fmtp:99 apt=98');
    expect(lines.filter((line) => line.includes('x-google-start-bitrate'))).toHaveLength(3);
    const restored = lines
      .filter((line) => line !== 'a=fmtp:96 x-google-start-bitrate=1000')
      .map((line) => line.replace(';x-google-start-bitrate=1000', ''));
    expect(restored).toEqual(OFFER.split('\r\n'));
  });

  it('does not add the parameter twice to a description that already has it', () => {
    const once = withVideoStartBitrate(OFFER, 1000);
    expect(withVideoStartBitrate(once, 1000)).toBe(once);
  });

  it('keeps a description without video, and its line endings, unchanged', () => {
    const audioOnly = OFFER.split('\r\n').slice(0, 8).join('\n');
    expect(withVideoStartBitrate(audioOnly, 1000)).toBe(audioOnly);
  });
});
