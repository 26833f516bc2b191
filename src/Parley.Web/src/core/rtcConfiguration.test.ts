import { describe, expect, it } from 'vitest';
import { offersRelay, toRtcConfiguration } from './rtcConfiguration';

describe('toRtcConfiguration', () => {
  it('bundles everything on one transport, pools no candidates and keeps the policy', () => {
    expect(toRtcConfiguration([{ urls: ['stun:stun.example.test:3478'] }], 'relay')).toEqual({
      iceTransportPolicy: 'relay',
      bundlePolicy: 'max-bundle',
      iceCandidatePoolSize: 0,
      iceServers: [{ urls: ['stun:stun.example.test:3478'] }],
    });
  });

  it('passes TURN credentials on, and leaves out the ones a server does not have', () => {
    const servers = toRtcConfiguration(
      [
        { urls: ['turn:turn.example.test:3478?transport=udp'], username: '1700000000:peer', credential: 'secret' },
        { urls: ['stun:stun.example.test:3478'] },
      ],
      'all',
    ).iceServers;
    expect(servers).toEqual([
      { urls: ['turn:turn.example.test:3478?transport=udp'], username: '1700000000:peer', credential: 'secret' },
      { urls: ['stun:stun.example.test:3478'] },
    ]);
    expect(servers?.[1]).not.toHaveProperty('username');
  });
});

describe('offersRelay', () => {
  it.each([
    [['turn:a.test:3478'], true],
    [['TURNS:a.test:443?transport=tcp'], true],
    [['stun:a.test:3478'], false],
    [[], false],
  ])('says %j offers a relay: %s', (urls, expected) => {
    expect(offersRelay({ iceServers: urls.length === 0 ? [] : [{ urls }] })).toBe(expected);
  });

  it('reads a single URL as well as a list, and a configuration without servers', () => {
    expect(offersRelay({ iceServers: [{ urls: 'stun:a.test' }, { urls: 'turn:b.test' }] })).toBe(true);
    expect(offersRelay({})).toBe(false);
  });
});
