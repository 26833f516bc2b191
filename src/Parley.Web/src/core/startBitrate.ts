/** Video codecs whose start bitrate Chromium reads from the format parameters; RTX, RED and FEC carry none. */
const VIDEO_CODECS = new Set(['vp8', 'vp9', 'h264', 'h265', 'av1']);
const PARAMETER = 'x-google-start-bitrate';

/**
 * Adds Chromium's `x-google-start-bitrate` (kbit/s) to every video codec of an SDP description that is about to be
 * sent. The side that applies it starts sending video at that rate instead of WebRTC's 300 kbit/s first estimate.
 * Browsers that do not know the parameter ignore it; our own connection keeps the description it made.
 * `a=fmtp` lines: RFC 8866 section 6.15.
 */
export function withVideoStartBitrate(sdp: string, kbps: number): string {
  const newline = sdp.includes('\r\n') ? '\r\n' : '\n';
  const sections: string[][] = [];
  for (const line of sdp.split(newline)) {
    if (line.startsWith('m=') || sections.length === 0) {
      sections.push([]);
    }
    sections[sections.length - 1]?.push(line);
  }
  return sections
    .map((section) => (section[0]?.startsWith('m=video ') === true ? withStartBitrate(section, kbps) : section))
    .flat()
    .join(newline);
}

/** One video m-section: the parameter appended to each codec's `a=fmtp`, or a new `a=fmtp` after its `a=rtpmap`. */
function withStartBitrate(section: readonly string[], kbps: number): string[] {
  const codecs = new Set<string>();
  const withFmtp = new Set<string>();
  for (const line of section) {
    const rtpmap = /^a=rtpmap:(\d+) ([^/]+)\//.exec(line);
    if (rtpmap?.[1] !== undefined && VIDEO_CODECS.has((rtpmap[2] ?? '').toLowerCase())) {
      codecs.add(rtpmap[1]);
    }
    const fmtp = /^a=fmtp:(\d+) /.exec(line);
    if (fmtp?.[1] !== undefined) {
      withFmtp.add(fmtp[1]);
    }
  }
  return section.flatMap((line) => {
    const fmtp = /^a=fmtp:(\d+) /.exec(line);
    if (fmtp?.[1] !== undefined && codecs.has(fmtp[1]) && !line.includes(`${PARAMETER}=`)) {
      return [`${line};${PARAMETER}=${kbps}`];
    }
    const rtpmap = /^a=rtpmap:(\d+) /.exec(line);
    if (rtpmap?.[1] !== undefined && codecs.has(rtpmap[1]) && !withFmtp.has(rtpmap[1])) {
      return [line, `a=fmtp:${rtpmap[1]} ${PARAMETER}=${kbps}`];
    }
    return [line];
  });
}
