import type { PeerView } from '../core/callController';

/** What a tile says over the picture while there is no picture to show, or `null` when the picture says it all. */
export function tileNotice({ view, away, stream }: Pick<PeerView<unknown>, 'view' | 'away' | 'stream'>): string | null {
  if (away) {
    return 'Reconnecting…';
  }
  switch (view) {
    case 'ice-failed':
      return 'No network path yet: still trying';
    case 'recovering':
      return 'Connection lost: restoring it…';
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      // A camera that is off shows as their initial and an icon instead.
      return stream === null ? 'Connecting…' : null;
  }
}

export const tileLabels = {
  pin: (name: string) => `Pin ${name}`,
  unpin: (name: string) => `Unpin ${name}`,
  fullScreen: (name: string) => `Show ${name} full screen`,
  exitFullScreen: (name: string) => `Leave full screen of ${name}`,
  video: (name: string) => `Video of ${name}`,
  microphoneOff: 'Microphone off',
  cameraOff: 'Camera off',
  speaking: 'Speaking',
  sharing: 'Sharing their screen',
  grid: 'People in the call',
  you: 'You',
};
