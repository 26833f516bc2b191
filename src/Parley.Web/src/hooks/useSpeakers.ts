import { useEffect, useState } from 'react';
import type { BrowserPeerConnection } from '../core/browser';
import { SpeakerDetector } from '../core/speakers';
import type { SpeakersView } from '../core/speakers';

/** Often enough that the indicator follows speech, rarely enough to cost nothing (no `getStats()` involved). */
export const SPEAKERS_INTERVAL_MS = 150;

const NOBODY: SpeakersView = { speaking: new Set(), active: null };

/**
 * Who of the others is speaking, and who is the active speaker, from the audio level of the last packet each
 * connection received (`RTCRtpReceiver.getSynchronizationSources()`).
 *
 * @example
 * const { speaking, active } = useSpeakers(peerConnections);
 */
export function useSpeakers(peerConnections: () => readonly BrowserPeerConnection[]): SpeakersView {
  const [view, setView] = useState<SpeakersView>(NOBODY);

  useEffect(() => {
    const detector = new SpeakerDetector();
    // A muted peer sends no packets, and the last one's level would otherwise stay: a level counts once.
    const lastPacket = new Map<string, number>();
    const timer = window.setInterval(() => {
      const levels = new Map<string, number>();
      for (const { peerId, connection } of peerConnections()) {
        const receiver = connection.getReceivers().find((r) => r.track.kind === 'audio');
        const source = receiver?.getSynchronizationSources()[0];
        const fresh = source !== undefined && lastPacket.get(peerId) !== source.rtpTimestamp;
        if (source !== undefined) {
          lastPacket.set(peerId, source.rtpTimestamp);
        }
        levels.set(peerId, fresh ? (source.audioLevel ?? 0) : 0);
      }
      if (detector.update(levels, performance.now())) {
        setView(detector.view);
      }
    }, SPEAKERS_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [peerConnections]);

  return view;
}
