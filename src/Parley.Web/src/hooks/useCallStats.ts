import { useEffect, useState } from 'react';
import { summarizeStats } from '../core/callStats';
import type { CallStats, StatsCounters, StatsRecord } from '../core/callStats';

/** How often the stats panel and the quality indicator refresh. */
export const STATS_INTERVAL_MS = 1000;

/**
 * Samples the call's `getStats()` once a second and summarizes it (RTT, bitrates, loss,
 * resolution, codec, candidate types); `null` while there is no connection.
 *
 * @example
 * const stats = useCallStats(peerConnection);
 */
export function useCallStats(peerConnection: () => RTCPeerConnection | null): CallStats | null {
  const [stats, setStats] = useState<CallStats | null>(null);

  useEffect(() => {
    let previous: StatsCounters | null = null;
    let previousPc: RTCPeerConnection | null = null;
    let cancelled = false;
    const sample = async (): Promise<void> => {
      const pc = peerConnection();
      if (pc === null) {
        previous = null;
        setStats(null);
        return;
      }
      if (pc !== previousPc) {
        previous = null;
        previousPc = pc;
      }
      const records: StatsRecord[] = [];
      (await pc.getStats()).forEach((value: unknown) => {
        if (isStatsRecord(value)) {
          records.push(value);
        }
      });
      if (cancelled) {
        return;
      }
      const next = summarizeStats(records, performance.now(), previous);
      previous = next.counters;
      setStats(next);
    };
    void sample();
    const timer = window.setInterval(() => void sample().catch(() => {}), STATS_INTERVAL_MS);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
    };
  }, [peerConnection]);

  return stats;
}

function isStatsRecord(value: unknown): value is StatsRecord {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    typeof value.type === 'string' &&
    'id' in value &&
    typeof value.id === 'string'
  );
}
