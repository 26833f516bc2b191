import { summarizeStats } from './callStats';
import type { CallStats, StatsCounters, StatsRecord } from './callStats';

/** What the sampler needs of a peer connection: its `getStats()`, whose report it walks with `forEach`. */
export interface StatsSource {
  getStats(): Promise<{ forEach(callback: (value: unknown) => void): void }>;
}

/** The connection to one other person, as the sampler is given it. */
export interface PeerConnectionEntry<TConnection extends StatsSource> {
  readonly peerId: string;
  readonly username: string;
  readonly connection: TConnection;
}

/** One other person's connection, summarized. */
export interface PeerStats {
  readonly peerId: string;
  readonly username: string;
  readonly stats: CallStats;
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

/**
 * Summarizes the connection to each other person, one sample after another: each connection's rates are measured
 * since its own previous sample, a new connection (someone joined, or reconnected) starts afresh, and the counters
 * of connections no longer there are dropped.
 *
 * @example
 * const sampler = new PeerStatsSampler();
 * const stats = await sampler.sample(peerConnections(), performance.now());
 */
export class PeerStatsSampler<TConnection extends StatsSource> {
  private previous = new Map<TConnection, StatsCounters>();

  /** The stats of each of `peers`, in their order; `at` is the time of the sample in milliseconds. */
  async sample(peers: readonly PeerConnectionEntry<TConnection>[], at: number): Promise<PeerStats[]> {
    const sampled = await Promise.all(
      peers.map(async ({ peerId, username, connection }) => {
        const records: StatsRecord[] = [];
        (await connection.getStats()).forEach((value) => {
          if (isStatsRecord(value)) {
            records.push(value);
          }
        });
        return { connection, peer: { peerId, username, stats: summarizeStats(records, at, this.previous.get(connection) ?? null) } };
      }),
    );
    this.previous = new Map(sampled.map(({ connection, peer }) => [connection, peer.stats.counters]));
    return sampled.map(({ peer }) => peer);
  }
}
