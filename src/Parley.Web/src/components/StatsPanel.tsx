import type { CallStats } from '../core/callStats';
import { candidateTypeText } from '../text/statsText';

interface StatsPanelProps {
  stats: CallStats | null;
}

function orDash(value: number | null, unit: string): string {
  return value === null ? '—' : `${value} ${unit}`;
}

/** The numbers behind the quality indicator, and whether the call goes through TURN. */
export function StatsPanel({ stats }: StatsPanelProps) {
  if (stats === null) {
    return <p>Statistics appear once the call is connected.</p>;
  }
  const rows: Array<[string, string, string]> = [
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
    ['candidate', 'Your connection', candidateTypeText(stats.localCandidateType)],
    ['remote-candidate', "Their connection", candidateTypeText(stats.remoteCandidateType)],
    ['protocol', 'Protocol', stats.protocol ?? '—'],
  ];
  return (
    <dl className="stats" aria-label="Call statistics">
      {rows.map(([key, label, value]) => (
        <div key={key} className="stats__row">
          <dt>{label}</dt>
          <dd data-stat={key}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
