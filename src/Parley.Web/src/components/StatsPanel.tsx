import type { CallStats } from '../core/callStats';
import { rateQuality } from '../core/callStats';
import type { PeerStats } from '../core/peerStats';
import { candidateTypeText, pathText, qualityText } from '../text/statsText';

interface StatsPanelProps {
  stats: readonly PeerStats[];
}

function orDash(value: number | null, unit: string): string {
  return value === null ? '—' : `${value} ${unit}`;
}

/** For the connection to each other person: its path (direct, or through TURN) and the numbers behind the quality indicator. */
export function StatsPanel({ stats }: StatsPanelProps) {
  if (stats.length === 0) {
    return <p>Statistics appear once the call is connected.</p>;
  }
  return (
    <div className="stats-peers">
      {stats.map((peer) => (
        <section key={peer.peerId} className="stats-peer" aria-labelledby={`stats-${peer.peerId}`} data-stats-peer={peer.peerId}>
          <h3 id={`stats-${peer.peerId}`} className="stats-peer__name">
            {peer.username}
          </h3>
          <PeerStatsList stats={peer.stats} label={`Connection to ${peer.username}`} />
        </section>
      ))}
    </div>
  );
}

function PeerStatsList({ stats, label }: { stats: CallStats; label: string }) {
  const quality = rateQuality(stats);
  const rows: Array<[string, string, string]> = [
    ['quality', 'Quality', qualityText(quality)],
    ['path', 'Path', pathText(stats.path)],
    ['candidate', 'Your connection', candidateTypeText(stats.localCandidateType)],
    ['remote-candidate', 'Their connection', candidateTypeText(stats.remoteCandidateType)],
    ['protocol', 'Protocol', stats.protocol ?? '—'],
    ['rtt', 'Round-trip time', orDash(stats.rttMs, 'ms')],
    ['bitrate-in', 'Bitrate in', orDash(stats.bitrateInKbps, 'kbit/s')],
    ['bitrate-out', 'Bitrate out', orDash(stats.bitrateOutKbps, 'kbit/s')],
    ['loss', 'Packet loss', orDash(stats.packetLossPercent, '%')],
    ['jitter', 'Jitter', orDash(stats.jitterMs, 'ms')],
    [
      'resolution',
      'Resolution',
      stats.resolution === null ? '—' : `${stats.resolution.width}×${stats.resolution.height}`,
    ],
    ['fps', 'Frame rate', orDash(stats.framesPerSecond, 'fps')],
    ['codec', 'Codecs', stats.codecs.length === 0 ? '—' : stats.codecs.join(', ')],
  ];
  return (
    <dl className="stats" aria-label={label}>
      {rows.map(([key, name, value]) => (
        <div key={key} className="stats__row">
          <dt>{name}</dt>
          <dd
            data-stat={key}
            data-quality-of={key === 'quality' ? quality : undefined}
            data-path={key === 'path' ? (stats.path?.kind ?? 'none') : undefined}
          >
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
