import { describe, expect, it } from 'vitest';
import { pathText } from './statsText';

describe('pathText', () => {
  it.each([
    [{ kind: 'host', relayProtocol: null }, 'direct, same network (host)'],
    [{ kind: 'srflx', relayProtocol: null }, 'direct, through NAT (srflx)'],
    [{ kind: 'relay', relayProtocol: 'tls' }, 'relayed by TURN over TLS (relay)'],
    [{ kind: 'relay', relayProtocol: null }, 'relayed by their TURN server (relay)'],
    [null, 'not chosen yet'],
  ] as const)('says %o as "%s"', (path, text) => {
    expect(pathText(path)).toBe(text);
  });
});
