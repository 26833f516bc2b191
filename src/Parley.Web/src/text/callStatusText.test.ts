import { describe, expect, it } from 'vitest';
import type { CallStatus } from '../core/callStatus';
import { callStatusText } from './callStatusText';

describe('callStatusText', () => {
  // The browser tests (test/Parley.Server.Tests, test/Parley.Network.Tests) read these words on the call screen.
  it.each([
    [{ state: 'connected', peerNames: ['Bob'] }, /^Connected with Bob$/],
    [{ state: 'connected', peerNames: ['Bob', 'Carol', 'Dan'] }, /^Connected with Bob, Carol and Dan$/],
    [{ state: 'room-full', capacity: 4 }, /holds 4 people/],
    [{ state: 'peer-reconnecting', peerName: 'Alice' }, /^Alice is reconnecting/],
    [{ state: 'peer-left', peerName: 'Alice' }, /Alice/],
    [{ state: 'ice-failed', peerName: 'Alice', relayOffered: false }, /block a direct connection/],
  ] as const)('words %o as the browser tests expect', (status, title) => {
    expect(callStatusText(status).title).toMatch(title);
  });

  it('says whether a relay was offered when ICE found no path', () => {
    expect(callStatusText({ state: 'ice-failed', peerName: 'A', relayOffered: false }).detail).toMatch(/no relay/);
    expect(callStatusText({ state: 'ice-failed', peerName: 'A', relayOffered: true }).detail).toMatch(/relay server could not be reached/);
  });

  it('offers Try again exactly where the call is over', () => {
    const over: CallStatus[] = [
      { state: 'room-full', capacity: null },
      { state: 'media-denied' },
      { state: 'media-missing' },
      { state: 'server-unreachable' },
      { state: 'error', error: { code: 'signaling-failed', detail: null } },
    ];
    const going: CallStatus[] = [
      { state: 'connecting-server' },
      { state: 'waiting' },
      { state: 'connecting', peerName: 'A', recovering: true },
      { state: 'peer-left', peerName: 'A' },
    ];
    expect(over.map((status) => callStatusText(status).retry)).toEqual(over.map(() => true));
    expect(going.map((status) => callStatusText(status).retry)).toEqual(going.map(() => false));
  });

  it('words the server refusals it knows, and shows the server message of one it does not', () => {
    const refused = (serverCode: string, serverMessage = '') =>
      callStatusText({ state: 'error', error: { code: 'refused', serverCode, serverMessage } }).detail;
    expect(refused('server-draining')).toMatch(/shutting down/);
    expect(refused('some-new-code', 'What the server says.')).toBe('What the server says.');
    expect(refused('some-new-code')).toMatch(/some-new-code/);
  });

  it('puts a camera that could not start, or a join that failed, in words with the detail', () => {
    const error = (status: CallStatus) => callStatusText(status).detail;
    expect(error({ state: 'error', error: { code: 'media', failure: { code: 'busy' } } })).toMatch(/busy/);
    expect(error({ state: 'error', error: { code: 'media', failure: { code: 'failed', detail: 'Could not start video source' } } })).toBe(
      'Could not start video source',
    );
    expect(error({ state: 'error', error: { code: 'signaling-failed', detail: 'closed (code 1006)' } })).toMatch(/closed \(code 1006\)$/);
  });
});
