import { describe, expect, it } from 'vitest';
import { connectionPath, rateQuality, summarizeStats } from './callStats';
import type { StatsRecord } from './callStats';

function report(overrides: { inboundVideoBytes?: number; lost?: number; received?: number; sent?: number } = {}): StatsRecord[] {
  return [
    { type: 'transport', id: 'T1', selectedCandidatePairId: 'CP1' },
    { type: 'candidate-pair', id: 'CP0', localCandidateId: 'L0', remoteCandidateId: 'R0', currentRoundTripTime: 9 },
    { type: 'candidate-pair', id: 'CP1', localCandidateId: 'L1', remoteCandidateId: 'R1', currentRoundTripTime: 0.042 },
    { type: 'local-candidate', id: 'L0', candidateType: 'host', protocol: 'udp' },
    { type: 'local-candidate', id: 'L1', candidateType: 'relay', protocol: 'udp', relayProtocol: 'tcp' },
    { type: 'remote-candidate', id: 'R1', candidateType: 'srflx', protocol: 'udp' },
    { type: 'codec', id: 'C1', mimeType: 'video/VP8' },
    { type: 'codec', id: 'C2', mimeType: 'audio/opus' },
    {
      type: 'inbound-rtp',
      id: 'IV',
      kind: 'video',
      codecId: 'C1',
      bytesReceived: overrides.inboundVideoBytes ?? 100_000,
      packetsReceived: overrides.received ?? 900,
      packetsLost: overrides.lost ?? 0,
      jitter: 0.004,
      frameWidth: 640,
      frameHeight: 480,
      framesPerSecond: 30,
    },
    { type: 'inbound-rtp', id: 'IA', kind: 'audio', codecId: 'C2', bytesReceived: 0, packetsReceived: 100, packetsLost: 0, jitter: 0.012 },
    { type: 'outbound-rtp', id: 'OV', kind: 'video', bytesSent: overrides.sent ?? 50_000 },
  ];
}

describe('summarizeStats', () => {
  it('reads the selected pair, candidate types, codecs, resolution and frame rate', () => {
    const stats = summarizeStats(report(), 1000, null);
    expect(stats).toMatchObject({
      rttMs: 42,
      jitterMs: 12,
      resolution: { width: 640, height: 480 },
      framesPerSecond: 30,
      codecs: ['audio/opus', 'video/VP8'],
      localCandidateType: 'relay',
      remoteCandidateType: 'srflx',
      protocol: 'tcp',
      path: { kind: 'relay', relayProtocol: 'tcp' },
      bitrateInKbps: null,
      bitrateOutKbps: null,
      packetLossPercent: 0,
    });
  });

  it('measures bitrates and loss since the previous sample', () => {
    const first = summarizeStats(report(), 1000, null);
    const second = summarizeStats(
      report({ inboundVideoBytes: 100_000 + 125_000, sent: 50_000 + 62_500, received: 900 + 95, lost: 5 }),
      2000,
      first.counters,
    );
    expect(second.bitrateInKbps).toBe(1000);
    expect(second.bitrateOutKbps).toBe(500);
    expect(second.packetLossPercent).toBe(5);
  });

  it('falls back to the nominated succeeded pair when no transport names one (Firefox)', () => {
    const stats = summarizeStats(
      [
        { type: 'candidate-pair', id: 'P', localCandidateId: 'L', remoteCandidateId: 'R', nominated: true, state: 'succeeded' },
        { type: 'local-candidate', id: 'L', candidateType: 'host', protocol: 'udp' },
        { type: 'remote-candidate', id: 'R', candidateType: 'host' },
      ],
      0,
      null,
    );
    expect(stats).toMatchObject({ localCandidateType: 'host', remoteCandidateType: 'host', protocol: 'udp', rttMs: null });
  });

  it('gives nulls for an empty report', () => {
    const stats = summarizeStats([], 0, null);
    expect(stats).toMatchObject({ rttMs: null, packetLossPercent: null, localCandidateType: null, resolution: null, codecs: [] });
    expect(rateQuality(stats)).toBe('unknown');
  });
});

describe('rateQuality', () => {
  it.each([
    [{ rttMs: 40, packetLossPercent: 0, jitterMs: 5 }, 'good'],
    [{ rttMs: 300, packetLossPercent: 0, jitterMs: 5 }, 'fair'],
    [{ rttMs: 40, packetLossPercent: 3, jitterMs: 5 }, 'fair'],
    [{ rttMs: 40, packetLossPercent: 0, jitterMs: 50 }, 'fair'],
    [{ rttMs: 600, packetLossPercent: 0, jitterMs: 5 }, 'poor'],
    [{ rttMs: 40, packetLossPercent: 10, jitterMs: 5 }, 'poor'],
    [{ rttMs: null, packetLossPercent: null, jitterMs: 150 }, 'poor'],
  ] as const)('rates %o as %s', (stats, expected) => {
    expect(rateQuality(stats)).toBe(expected);
  });
});

describe('connectionPath', () => {
  it.each([
    ['host', 'host', null, { kind: 'host', relayProtocol: null }],
    ['host', 'srflx', null, { kind: 'srflx', relayProtocol: null }],
    ['prflx', 'host', null, { kind: 'srflx', relayProtocol: null }],
    ['relay', 'host', 'udp', { kind: 'relay', relayProtocol: 'udp' }],
    ['relay', 'relay', 'tls', { kind: 'relay', relayProtocol: 'tls' }],
    ['srflx', 'relay', null, { kind: 'relay', relayProtocol: null }],
    ['relay', 'srflx', 'quic', { kind: 'relay', relayProtocol: null }],
  ] as const)('takes local %s and remote %s (relayed over %s) as %o', (local, remote, protocol, expected) => {
    expect(connectionPath(local, remote, protocol)).toEqual(expected);
  });

  it('is unknown until both candidates of the pair are', () => {
    expect(connectionPath('host', null, null)).toBeNull();
    expect(connectionPath(null, 'relay', null)).toBeNull();
  });
});
