import { useEffect, useState } from 'react';
import type { BrowserPeerConnection } from '../core/browser';
import { PeerStatsSampler } from '../core/peerStats';
import type { PeerStats } from '../core/peerStats';

/** How often the stats panel and the quality indicator refresh. */
export const STATS_INTERVAL_MS = 1000;

/**
 * Samples `getStats()` of the connection to each other person once a second and summarizes each (path, RTT,
 * bitrates, loss, resolution, codec), in the order of `peerConnections`.
 *
 * @example
 * const stats = useCallStats(peerConnections);
 */
export function useCallStats(peerConnections: () => readonly BrowserPeerConnection[]): readonly PeerStats[] {
  const [stats, setStats] = useState<readonly PeerStats[]>([]);

  useEffect(() => {
    const sampler = new PeerStatsSampler<RTCPeerConnection>();
    let cancelled = false;
    // A sample that outlasts the interval (a busy machine) is not overlapped by the next: rates need them in turn.
    let sampling = false;
    const sample = async (): Promise<void> => {
      if (sampling) {
        return;
      }
      sampling = true;
      try {
        const sampled = await sampler.sample(peerConnections(), performance.now());
        if (!cancelled) {
          setStats(sampled);
        }
      } finally {
        sampling = false;
      }
    };
    void sample().catch(() => {});
    const timer = window.setInterval(() => void sample().catch(() => {}), STATS_INTERVAL_MS);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
    };
  }, [peerConnections]);

  return stats;
}
