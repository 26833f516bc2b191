/**
 * Turns `RTCPeerConnection.getStats()` into what the stats panel and the quality indicator show.
 * Pure functions over plain records, so the unit tests feed them hand-written reports.
 */

/** One entry of an `RTCStatsReport`: `type` and `id`, plus whatever fields that type has. */
export type StatsRecord = { readonly type: string; readonly id: string } & Readonly<Record<string, unknown>>;

/** Cumulative counters kept from one sample to the next, to turn them into rates. */
export interface StatsCounters {
  readonly at: number;
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly packetsReceived: number;
  readonly packetsLost: number;
}

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/**
 * How media between two people travels: directly between host addresses, directly through a NAT (either side's
 * address reflexive: srflx, or prflx, learned during the connectivity checks), or through a TURN relay (either side's).
 */
export type PathKind = 'host' | 'srflx' | 'relay';

export interface ConnectionPath {
  readonly kind: PathKind;
  /** How this side reaches its TURN server (udp, tcp or tls); null when only the other side is relayed, or no relay. */
  readonly relayProtocol: 'udp' | 'tcp' | 'tls' | null;
}

export interface CallStats {
  /** Round-trip time of the selected candidate pair, in milliseconds. */
  readonly rttMs: number | null;
  readonly bitrateInKbps: number | null;
  readonly bitrateOutKbps: number | null;
  /** Inbound packets lost since the previous sample, in percent (0–100). */
  readonly packetLossPercent: number | null;
  /** The larger of audio and video inbound jitter, in milliseconds. */
  readonly jitterMs: number | null;
  readonly resolution: { readonly width: number; readonly height: number } | null;
  readonly framesPerSecond: number | null;
  /** Inbound codecs, such as "video/VP8" or "audio/opus". */
  readonly codecs: readonly string[];
  readonly localCandidateType: CandidateType | null;
  readonly remoteCandidateType: CandidateType | null;
  /** How this side reaches the network: udp or tcp, or for a relay candidate how it reaches TURN. */
  readonly protocol: string | null;
  /** The selected pair's path; null before ICE selects one. */
  readonly path: ConnectionPath | null;
  readonly counters: StatsCounters;
}

export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

function num(record: StatsRecord | undefined, key: string): number | null {
  const value = record?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(record: StatsRecord | undefined, key: string): string | null {
  const value = record?.[key];
  return typeof value === 'string' ? value : null;
}

function candidateType(value: string | null): CandidateType | null {
  return value === 'host' || value === 'srflx' || value === 'prflx' || value === 'relay' ? value : null;
}

function relayProtocol(value: string | null): ConnectionPath['relayProtocol'] {
  return value === 'udp' || value === 'tcp' || value === 'tls' ? value : null;
}

/** The path of a candidate pair: the least direct of its two candidates. */
export function connectionPath(
  local: CandidateType | null,
  remote: CandidateType | null,
  localRelayProtocol: string | null,
): ConnectionPath | null {
  if (local === null || remote === null) {
    return null;
  }
  if (local === 'relay' || remote === 'relay') {
    return { kind: 'relay', relayProtocol: local === 'relay' ? relayProtocol(localRelayProtocol) : null };
  }
  const reflexive = (type: CandidateType): boolean => type === 'srflx' || type === 'prflx';
  return { kind: reflexive(local) || reflexive(remote) ? 'srflx' : 'host', relayProtocol: null };
}

function selectedPair(byId: Map<string, StatsRecord>, records: readonly StatsRecord[]): StatsRecord | undefined {
  for (const record of records) {
    const pairId = record.type === 'transport' ? str(record, 'selectedCandidatePairId') : null;
    if (pairId !== null && byId.has(pairId)) {
      return byId.get(pairId);
    }
  }
  // Firefox marks the pair itself instead of naming it on a transport.
  return records.find(
    (record) =>
      record.type === 'candidate-pair' &&
      (record.selected === true || (record.nominated === true && record.state === 'succeeded')),
  );
}

/** Summarizes one `getStats()` report taken at `at` (ms), with rates measured since `previous`. */
export function summarizeStats(
  report: Iterable<StatsRecord>,
  at: number,
  previous: StatsCounters | null,
): CallStats {
  const records = [...report];
  const byId = new Map(records.map((record) => [record.id, record]));
  const pair = selectedPair(byId, records);
  const local = byId.get(str(pair, 'localCandidateId') ?? '');
  const remote = byId.get(str(pair, 'remoteCandidateId') ?? '');
  const localType = candidateType(str(local, 'candidateType'));
  const remoteType = candidateType(str(remote, 'candidateType'));
  const protocol = localType === 'relay' ? (str(local, 'relayProtocol') ?? str(local, 'protocol')) : str(local, 'protocol');

  let bytesReceived = 0;
  let bytesSent = 0;
  let packetsReceived = 0;
  let packetsLost = 0;
  let jitter: number | null = null;
  let resolution: CallStats['resolution'] = null;
  let framesPerSecond: number | null = null;
  const codecs = new Set<string>();
  for (const record of records) {
    if (record.type === 'inbound-rtp') {
      bytesReceived += num(record, 'bytesReceived') ?? 0;
      packetsReceived += num(record, 'packetsReceived') ?? 0;
      packetsLost += Math.max(0, num(record, 'packetsLost') ?? 0);
      const recordJitter = num(record, 'jitter');
      if (recordJitter !== null) {
        jitter = Math.max(jitter ?? 0, recordJitter);
      }
      const codec = str(byId.get(str(record, 'codecId') ?? ''), 'mimeType');
      if (codec !== null) {
        codecs.add(codec);
      }
      if (record.kind === 'video') {
        const width = num(record, 'frameWidth');
        const height = num(record, 'frameHeight');
        if (width !== null && height !== null) {
          resolution = { width, height };
        }
        framesPerSecond = num(record, 'framesPerSecond') ?? framesPerSecond;
      }
    } else if (record.type === 'outbound-rtp') {
      bytesSent += num(record, 'bytesSent') ?? 0;
    }
  }

  const counters: StatsCounters = { at, bytesReceived, bytesSent, packetsReceived, packetsLost };
  const seconds = previous === null ? 0 : (at - previous.at) / 1000;
  const rate = (now: number, before: number): number | null =>
    seconds > 0 ? Math.max(0, Math.round(((now - before) * 8) / seconds / 1000)) : null;
  const lostNow = previous === null ? packetsLost : packetsLost - previous.packetsLost;
  const receivedNow = previous === null ? packetsReceived : packetsReceived - previous.packetsReceived;
  const expected = Math.max(0, lostNow) + Math.max(0, receivedNow);
  const rtt = num(pair, 'currentRoundTripTime');

  return {
    rttMs: rtt === null ? null : Math.round(rtt * 1000),
    bitrateInKbps: previous === null ? null : rate(bytesReceived, previous.bytesReceived),
    bitrateOutKbps: previous === null ? null : rate(bytesSent, previous.bytesSent),
    packetLossPercent: expected > 0 ? Math.round((Math.max(0, lostNow) / expected) * 1000) / 10 : null,
    jitterMs: jitter === null ? null : Math.round(jitter * 1000),
    resolution,
    framesPerSecond,
    codecs: [...codecs].sort(),
    localCandidateType: localType,
    remoteCandidateType: remoteType,
    protocol,
    path: connectionPath(localType, remoteType, protocol),
    counters,
  };
}

/** Good, fair or poor from round-trip time, loss and jitter; unknown before any of them is known. */
export function rateQuality(stats: Pick<CallStats, 'rttMs' | 'packetLossPercent' | 'jitterMs'> | null): Quality {
  if (stats === null || (stats.rttMs === null && stats.packetLossPercent === null && stats.jitterMs === null)) {
    return 'unknown';
  }
  const rtt = stats.rttMs ?? 0;
  const loss = stats.packetLossPercent ?? 0;
  const jitter = stats.jitterMs ?? 0;
  if (rtt > 500 || loss > 8 || jitter > 100) {
    return 'poor';
  }
  if (rtt > 250 || loss > 2 || jitter > 30) {
    return 'fair';
  }
  return 'good';
}

/** The quality of a call with several people: that of its weakest connection, or unknown before any is known. */
export function worstQuality(qualities: readonly Quality[]): Quality {
  const order: readonly Quality[] = ['poor', 'fair', 'good'];
  return order.find((quality) => qualities.includes(quality)) ?? 'unknown';
}
