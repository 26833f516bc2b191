import { describe, expect, it } from 'vitest';
import { deriveCallStatus } from './callStatus';
import type { CallStatusInputs, PeerStatusView } from './callStatus';
import type { JoinedRoom, RoomPhase } from './roomSession';

const JOINED: RoomPhase = {
  name: 'joined',
  room: { attempt: 'join', peerId: 'me', peers: [], resumed: false, configuration: {} } satisfies JoinedRoom,
};
const ADA: PeerStatusView = { username: 'Ada', view: 'connected', away: false, relayOffered: false };

function status(inputs: Partial<CallStatusInputs>) {
  return deriveCallStatus({ media: null, room: JOINED, peer: undefined, lastLeft: null, ...inputs });
}

describe('deriveCallStatus', () => {
  it('connects to the server until the first join returns', () => {
    expect(status({ room: null })).toEqual({ state: 'connecting-server' });
    expect(status({ room: { name: 'connecting' } })).toEqual({ state: 'connecting-server' });
    expect(status({ room: { name: 'joining', attempt: 'join', afterReconnect: false, held: [] } })).toEqual({
      state: 'connecting-server',
    });
  });

  it('waits in an empty room, and names who left until someone comes', () => {
    expect(status({})).toEqual({ state: 'waiting' });
    expect(status({ lastLeft: 'Ada' })).toEqual({ state: 'peer-left', peerName: 'Ada' });
    expect(status({ lastLeft: 'Ada', peer: { ...ADA, username: 'Bob' } })).toEqual({ state: 'connected', peerName: 'Bob' });
  });

  it.each([
    ['connecting', { state: 'connecting', peerName: 'Ada' }],
    ['recovering', { state: 'connecting', peerName: 'Ada', recovering: true }],
    ['connected', { state: 'connected', peerName: 'Ada' }],
    ['ice-failed', { state: 'ice-failed', peerName: 'Ada', relayOffered: true }],
  ] as const)('shows a %s connection to the peer', (view, expected) => {
    expect(status({ peer: { ...ADA, view, relayOffered: true } })).toEqual(expected);
  });

  it('shows a peer who is away as reconnecting, whatever their connection does meanwhile', () => {
    expect(status({ peer: { ...ADA, view: 'ice-failed', away: true } })).toEqual({
      state: 'peer-reconnecting',
      peerName: 'Ada',
    });
  });

  it('keeps showing the call while the signaling connection comes back and the seat is taken again', () => {
    expect(status({ room: { name: 'reconnecting' }, peer: ADA })).toEqual({ state: 'connected', peerName: 'Ada' });
    expect(
      status({ room: { name: 'joining', attempt: 'resume', afterReconnect: true, held: [] }, peer: ADA }),
    ).toEqual({ state: 'connected', peerName: 'Ada' });
  });

  it.each([
    [{ code: 'unreachable' }, { state: 'server-unreachable' }],
    [{ code: 'room-full' }, { state: 'room-full' }],
    [
      { code: 'refused', serverCode: 'invalid-username', serverMessage: 'No.' },
      { state: 'error', error: { code: 'refused', serverCode: 'invalid-username', serverMessage: 'No.' } },
    ],
    [
      { code: 'signaling-failed', detail: 'closed' },
      { state: 'error', error: { code: 'signaling-failed', detail: 'closed' } },
    ],
  ] as const)('shows a room failure %o over any peer as %o', (failure, expected) => {
    expect(status({ room: { name: 'failed', failure }, peer: ADA })).toEqual(expected);
  });

  it('puts a camera or microphone that could not be opened above everything else', () => {
    const failed: RoomPhase = { name: 'failed', failure: { code: 'unreachable' } };
    expect(status({ media: { code: 'denied' }, room: failed })).toEqual({ state: 'media-denied' });
    expect(status({ media: { code: 'missing' }, room: null })).toEqual({ state: 'media-missing' });
    expect(status({ media: { code: 'busy' }, peer: ADA })).toEqual({
      state: 'error',
      error: { code: 'media', failure: { code: 'busy' } },
    });
  });
});
