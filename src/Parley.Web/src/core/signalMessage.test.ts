import { describe, expect, it } from 'vitest';
import { encodeSignalMessage, parseJoinResult, parseSignalMessage } from './signalMessage';

describe('signal messages', () => {
  it('round-trips a description, a candidate, a renewal and its acknowledgement through JSON', () => {
    const description = { description: { type: 'offer' as const, sdp: 'v=0\r\n' } };
    const candidate = {
      candidate: { candidate: 'candidate:1 1 udp 1 192.0.2.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
    };
    expect(parseSignalMessage(encodeSignalMessage(description))).toEqual(description);
    expect(parseSignalMessage(encodeSignalMessage(candidate))).toEqual(candidate);
    expect(parseSignalMessage(encodeSignalMessage({ candidate: null }))).toEqual({ candidate: null });
    expect(parseSignalMessage(encodeSignalMessage({ renew: true }))).toEqual({ renew: true });
    expect(parseSignalMessage(encodeSignalMessage({ renewed: true }))).toEqual({ renewed: true });
  });

  it('keeps only the known fields of a candidate', () => {
    expect(parseSignalMessage('{"candidate":{"candidate":"c","sdpMid":3,"extra":true}}')).toEqual({
      candidate: { candidate: 'c' },
    });
  });

  it.each(['', '{', 'null', '"offer"', '[]', '{"description":{"type":"offer","sdp":null}}'])(
    'reads %j as no message',
    (payload) => {
      expect(parseSignalMessage(payload)).toBeNull();
    },
  );
});

describe('parseJoinResult', () => {
  it('accepts a single ICE server URL string and drops ICE servers without URLs', () => {
    const result = parseJoinResult({
      error: null,
      peerId: 'p',
      peers: [{ peerId: 'q', username: 'Q' }, { nope: true }],
      iceServers: [{ urls: 'stun:s.example.test' }, { username: 'x' }],
    });
    expect(result.peers).toEqual([{ peerId: 'q', username: 'Q' }]);
    expect(result.iceServers).toEqual([{ urls: ['stun:s.example.test'] }]);
    expect(result.iceTransportPolicy).toBe('all');
  });

  it('keeps a relay-only transport policy and treats anything else as all', () => {
    const base = { error: null, peerId: 'p', peers: [], iceServers: [] };
    expect(parseJoinResult({ ...base, iceTransportPolicy: 'relay' }).iceTransportPolicy).toBe('relay');
    expect(parseJoinResult({ ...base, iceTransportPolicy: 'nohost' }).iceTransportPolicy).toBe('all');
  });
});
