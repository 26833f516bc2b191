import { useEffect, useState } from 'react';
import type { BrowserPeerConnection } from '../core/browser';
import { summarizeStats } from '../core/callStats';
import type { CallStats, StatsCounters, StatsRecord } from '../core/callStats';

/** How often the stats panel and the quality indicator refresh. */
export const STATS_INTERVAL_MS = 1000;

/** One other person's connection, summarized. */
export interface PeerStats {
  readonly peerId: string;
  readonly username: string;
  readonly stats: CallStats;
}

/**
 * Samples `getStats()` of the connection to each other person once a second and summarizes each (RTT, bitrates,
 * loss, resolution, codec, candidate types), in the order of `peerConnections`.
 *
 * @example
 * const stats = useCallStats(peerConnections);
 */
export function useCallStats(peerConnections: () => readonly BrowserPeerConnection[]): readonly PeerStats[] {
  const [stats, setStats] = useState<readonly PeerStats[]>([]);

  useEffect(() => {
    // The counters of each connection's previous sample, to turn them into rates.
    let previous = new Map<RTCPeerConnection, StatsCounters>();
    let cancelled = false;
    const sample = async (): Promise<void> => {
      const peers = peerConnections();
      const sampled = await Promise.all(
        peers.map(async ({ peerId, username, connection }) => {
          const records: StatsRecord[] = [];
          (await connection.getStats()).forEach((value: unknown) => {
            if (isStatsRecord(value)) {
              records.push(value);
            }
          });
          const summary = summarizeStats(records, performance.now(), previous.get(connection) ?? null);
          return { peerId, username, connection, stats: summary };
        }),
      );
      if (cancelled) {
        return;
      }
      previous = new Map(sampled.map(({ connection, stats: summary }) => [connection, summary.counters]));
      setStats(sampled.map(({ peerId, username, stats: summary }) => ({ peerId, username, stats: summary })));
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
