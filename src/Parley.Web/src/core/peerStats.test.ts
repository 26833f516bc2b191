import { describe, expect, it } from 'vitest';
import type { StatsRecord } from './callStats';
import { PeerStatsSampler } from './peerStats';
import type { StatsSource } from './peerStats';

/** A connection whose getStats() reports what the test last set, as a Map like the browser's RTCStatsReport. */
class FakeConnection implements StatsSource {
  records: StatsRecord[] = [];

  getStats(): Promise<Map<string, unknown>> {
    return Promise.resolve(new Map(this.records.map((record) => [record.id, record])));
  }
}

function pathRecords(local: string, remote: string, relayProtocol?: string): StatsRecord[] {
  return [
    { type: 'transport', id: 'T', selectedCandidatePairId: 'P' },
    { type: 'candidate-pair', id: 'P', localCandidateId: 'L', remoteCandidateId: 'R', currentRoundTripTime: 0.02 },
    { type: 'local-candidate', id: 'L', candidateType: local, protocol: 'udp', ...(relayProtocol ? { relayProtocol } : {}) },
    { type: 'remote-candidate', id: 'R', candidateType: remote, protocol: 'udp' },
  ];
}

function media(bytesReceived: number, bytesSent: number): StatsRecord[] {
  return [
    { type: 'inbound-rtp', id: 'IV', kind: 'video', bytesReceived, packetsReceived: 10, packetsLost: 0, frameWidth: 320, frameHeight: 180, framesPerSecond: 15 },
    { type: 'outbound-rtp', id: 'OV', kind: 'video', bytesSent },
  ];
}

describe('PeerStatsSampler', () => {
  it('summarizes each person on their own connection: path, quality figures and resolution', async () => {
    const bob = new FakeConnection();
    bob.records = [...pathRecords('host', 'host'), ...media(1000, 1000)];
    const cy = new FakeConnection();
    cy.records = [...pathRecords('relay', 'srflx', 'tls'), ...media(1000, 1000)];
    const di = new FakeConnection();
    di.records = [...pathRecords('srflx', 'prflx'), ...media(1000, 1000)];

    const stats = await new PeerStatsSampler().sample(
      [
        { peerId: 'b', username: 'Bob', connection: bob },
        { peerId: 'c', username: 'Cy', connection: cy },
        { peerId: 'd', username: 'Di', connection: di },
      ],
      0,
    );

    expect(stats.map((peer) => [peer.username, peer.stats.path])).toEqual([
      ['Bob', { kind: 'host', relayProtocol: null }],
      ['Cy', { kind: 'relay', relayProtocol: 'tls' }],
      ['Di', { kind: 'srflx', relayProtocol: null }],
    ]);
    expect(stats[1]?.stats).toMatchObject({ rttMs: 20, resolution: { width: 320, height: 180 }, framesPerSecond: 15 });
  });

  it('measures each connection’s bitrates since its own previous sample', async () => {
    const bob = new FakeConnection();
    const cy = new FakeConnection();
    bob.records = media(0, 0);
    cy.records = media(0, 0);
    const sampler = new PeerStatsSampler<FakeConnection>();
    const peers = [
      { peerId: 'b', username: 'Bob', connection: bob },
      { peerId: 'c', username: 'Cy', connection: cy },
    ];
    const first = await sampler.sample(peers, 1000);
    expect(first.map((peer) => peer.stats.bitrateInKbps)).toEqual([null, null]);

    bob.records = media(125_000, 62_500);
    cy.records = media(250_000, 0);
    const second = await sampler.sample(peers, 2000);

    expect(second.map((peer) => [peer.stats.bitrateInKbps, peer.stats.bitrateOutKbps])).toEqual([
      [1000, 500],
      [2000, 0],
    ]);
  });

  it('starts afresh for a new connection to the same person, and forgets those that left', async () => {
    const old = new FakeConnection();
    old.records = media(0, 0);
    const sampler = new PeerStatsSampler<FakeConnection>();
    await sampler.sample([{ peerId: 'b', username: 'Bob', connection: old }], 1000);

    // Bob reloaded: a new connection whose counters start at zero again gives no rate until its second sample.
    const renewed = new FakeConnection();
    renewed.records = media(5_000, 5_000);
    const afterReload = await sampler.sample([{ peerId: 'b', username: 'Bob', connection: renewed }], 2000);
    expect(afterReload[0]?.stats.bitrateInKbps).toBeNull();

    // Bob left, then the old connection object shows up again: its counters were dropped, so no stale rate.
    await sampler.sample([], 3000);
    old.records = media(125_000, 0);
    const returned = await sampler.sample([{ peerId: 'b', username: 'Bob', connection: old }], 4000);
    expect(returned[0]?.stats.bitrateInKbps).toBeNull();
  });

  it('skips what is not a stats record and reports no path before ICE selects a pair', async () => {
    const bob = new FakeConnection();
    bob.records = [{ type: 'candidate-pair', id: 'P', state: 'in-progress' }];
    const report = new Map<string, unknown>([['junk', 42], ['P', bob.records[0]]]);
    const source: StatsSource = { getStats: () => Promise.resolve(report) };

    const [stats] = await new PeerStatsSampler().sample([{ peerId: 'b', username: 'Bob', connection: source }], 0);

    expect(stats?.stats.path).toBeNull();
    expect(stats?.stats.localCandidateType).toBeNull();
  });
});
