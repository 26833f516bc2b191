import { describe, expect, it } from 'vitest';
import {
  gatherCandidates,
  hasTurnServer,
  parseCandidateLine,
  parseIceServersResponse,
  summarizeGathering,
} from './diagnostics';
import type { ProbeConnectionLike } from './diagnostics';
import { FakeDataChannel } from './testing/fakeDataChannel';

describe('parseCandidateLine', () => {
  it('reads a host candidate', () => {
    expect(parseCandidateLine('candidate:1 1 udp 2122260223 127.0.0.1 54400 typ host generation 0')).toEqual({
      type: 'host',
      protocol: 'udp',
      address: '127.0.0.1',
      port: 54400,
      priority: 2122260223,
      relayProtocol: null,
    });
  });

  it('reads a relay candidate with its relay protocol, with or without the a= prefix', () => {
    expect(
      parseCandidateLine('a=candidate:3 1 UDP 41885439 203.0.113.5 50000 typ relay raddr 0.0.0.0 rport 0 relay-protocol tcp'),
    ).toMatchObject({ type: 'relay', protocol: 'udp', address: '203.0.113.5', relayProtocol: 'tcp' });
  });

  it.each(['', 'candidate:1 1 udp', 'candidate:1 1 udp 1 1.2.3.4 x typ host', 'garbage line here 1 2 3 4 5'])(
    'gives null for %j',
    (line) => {
      expect(parseCandidateLine(line)).toBeNull();
    },
  );
});

/** Carries the fields of both events a probe fires; each listener reads its own. */
interface ProbeEvent {
  candidate: { candidate: string } | null;
  url: string;
  errorCode: number;
  errorText: string;
}

class FakeProbe implements ProbeConnectionLike {
  closed = false;
  gathers = true;
  private readonly listeners = new Map<string, Array<(event: ProbeEvent) => void>>();

  constructor(readonly configuration: RTCConfiguration) {}

  addEventListener(type: 'icecandidate', listener: (event: { candidate: { candidate: string } | null }) => void): void;
  addEventListener(type: 'icecandidateerror', listener: (event: { url: string; errorCode: number; errorText: string }) => void): void;
  addEventListener(type: string, listener: (event: ProbeEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  createDataChannel(label: string): FakeDataChannel {
    return new FakeDataChannel(label, null);
  }

  createOffer(): Promise<RTCSessionDescriptionInit> {
    return Promise.resolve({ type: 'offer', sdp: 'v=0' });
  }

  setLocalDescription(): Promise<void> {
    if (this.gathers) {
      queueMicrotask(() => {
        this.candidate('candidate:1 1 udp 2122260223 127.0.0.1 50001 typ host');
        this.fire('icecandidateerror', { candidate: null, url: 'stun:203.0.113.9:3478', errorCode: 701, errorText: 'timeout' });
        this.candidate('candidate:2 1 udp 1686052607 198.51.100.7 50002 typ srflx raddr 127.0.0.1 rport 50001');
        this.candidate('candidate:3 1 udp 41885439 127.0.0.1 50003 typ relay raddr 127.0.0.1 rport 50001');
        this.candidate(null);
      });
    }
    return Promise.resolve();
  }

  close(): void {
    this.closed = true;
  }

  private candidate(line: string | null): void {
    this.fire('icecandidate', { candidate: line === null ? null : { candidate: line }, url: '', errorCode: 0, errorText: '' });
  }

  private fire(type: string, event: ProbeEvent): void {
    for (const listener of this.listeners.get(type) ?? []) {
      listener(event);
    }
  }
}

describe('gatherCandidates', () => {
  it('lists every candidate with its time, notes errors, and closes the connection at the end', async () => {
    const probes: FakeProbe[] = [];
    let clock = 0;
    const seen: string[] = [];
    const result = await gatherCandidates({
      createConnection: (configuration) => {
        const probe = new FakeProbe(configuration);
        probes.push(probe);
        return probe;
      },
      iceServers: [{ urls: ['stun:127.0.0.1:3478'] }],
      now: () => (clock += 10),
      onCandidate: (candidate) => seen.push(candidate.type),
    });
    expect(result.complete).toBe(true);
    expect(result.candidates.map((c) => [c.type, c.elapsedMs])).toEqual([
      ['host', 10],
      ['srflx', 20],
      ['relay', 30],
    ]);
    expect(seen).toEqual(['host', 'srflx', 'relay']);
    expect(result.errors).toEqual([{ url: 'stun:203.0.113.9:3478', code: 701, text: 'timeout' }]);
    expect(probes.map((p) => p.closed)).toEqual([true]);
    expect(probes[0]?.configuration.iceServers).toEqual([{ urls: ['stun:127.0.0.1:3478'] }]);

    expect(summarizeGathering(result, true)).toMatchObject({ host: true, stun: 'yes', turn: true });
    const withoutNat = { ...result, candidates: result.candidates.filter((c) => c.type !== 'srflx') };
    expect(summarizeGathering(withoutNat, true)).toMatchObject({ stun: 'no-nat', turn: true });
  });

  it('stops at the timeout when gathering never ends', async () => {
    const result = await gatherCandidates({
      createConnection: () => {
        const probe = new FakeProbe({});
        probe.gathers = false;
        return probe;
      },
      iceServers: [],
      timeoutMs: 20,
    });
    expect(result.complete).toBe(false);
    expect(result.candidates).toEqual([]);
  });
});

describe('summaries', () => {
  it('tells TURN that does not answer from no TURN at all', () => {
    const hostOnly = { candidates: [{ type: 'host', protocol: 'udp', address: 'a', port: 1, priority: 1, relayProtocol: null, elapsedMs: 1 }], errors: [], complete: true, elapsedMs: 1 };
    expect(summarizeGathering(hostOnly, true)).toMatchObject({ stun: 'no', turn: false });
    expect(summarizeGathering(hostOnly, true).verdict).toBe('turn-unreachable');
    expect(summarizeGathering(hostOnly, false).verdict).toBe('no-turn-offered');
  });

  it('recognises TURN URLs', () => {
    expect(hasTurnServer([{ urls: ['stun:a:3478'] }])).toBe(false);
    expect(hasTurnServer([{ urls: 'turns:a:443?transport=tcp' }])).toBe(true);
  });

  it('reads the ice-servers response and drops malformed entries', () => {
    expect(
      parseIceServersResponse({
        iceServers: [{ urls: ['stun:a'] }, { urls: 'turn:b', username: 'u', credential: 'c' }, { urls: 5 }, null],
      }),
    ).toEqual([{ urls: ['stun:a'] }, { urls: ['turn:b'], username: 'u', credential: 'c' }]);
    expect(parseIceServersResponse('nope')).toEqual([]);
  });
});
