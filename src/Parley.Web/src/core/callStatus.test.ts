import { describe, expect, it } from 'vitest';
import { deriveCallStatus } from './callStatus';
import type { CallStatusInputs, PeerStatusView } from './callStatus';
import type { JoinedRoom, RoomPhase } from './roomSession';

const JOINED: RoomPhase = {
  name: 'joined',
  room: { attempt: 'join', peerId: 'me', peers: [], resumed: false, capacity: 4, configuration: {} } satisfies JoinedRoom,
};
const ADA: PeerStatusView = { username: 'Ada', view: 'connected', away: false, relayOffered: false };

function status(inputs: Partial<CallStatusInputs>) {
  return deriveCallStatus({ media: null, room: JOINED, peers: [], lastLeft: null, ...inputs });
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
    expect(status({ lastLeft: 'Ada', peers: [{ ...ADA, username: 'Bob' }] })).toEqual({ state: 'connected', peerNames: ['Bob'] });
  });

  it.each([
    ['connecting', { state: 'connecting', peerName: 'Ada' }],
    ['recovering', { state: 'connecting', peerName: 'Ada', recovering: true }],
    ['connected', { state: 'connected', peerNames: ['Ada'] }],
    ['ice-failed', { state: 'ice-failed', peerName: 'Ada', relayOffered: true }],
  ] as const)('shows a %s connection to the peer', (view, expected) => {
    expect(status({ peers: [{ ...ADA, view, relayOffered: true }] })).toEqual(expected);
  });

  it('shows a peer who is away as reconnecting, whatever their connection does meanwhile', () => {
    expect(status({ peers: [{ ...ADA, view: 'ice-failed', away: true }] })).toEqual({
      state: 'peer-reconnecting',
      peerName: 'Ada',
    });
  });

  it('keeps showing the call while the signaling connection comes back and the seat is taken again', () => {
    expect(status({ room: { name: 'reconnecting' }, peers: [ADA] })).toEqual({ state: 'connected', peerNames: ['Ada'] });
    expect(
      status({ room: { name: 'joining', attempt: 'resume', afterReconnect: true, held: [] }, peers: [ADA] }),
    ).toEqual({ state: 'connected', peerNames: ['Ada'] });
  });

  it.each([
    [{ code: 'unreachable' }, { state: 'server-unreachable' }],
    [{ code: 'room-full', capacity: 4 }, { state: 'room-full', capacity: 4 }],
    [
      { code: 'refused', serverCode: 'invalid-username', serverMessage: 'No.' },
      { state: 'error', error: { code: 'refused', serverCode: 'invalid-username', serverMessage: 'No.' } },
    ],
    [
      { code: 'signaling-failed', detail: 'closed' },
      { state: 'error', error: { code: 'signaling-failed', detail: 'closed' } },
    ],
  ] as const)('shows a room failure %o over any peer as %o', (failure, expected) => {
    expect(status({ room: { name: 'failed', failure }, peers: [ADA] })).toEqual(expected);
  });

  it('puts a camera or microphone that could not be opened above everything else', () => {
    const failed: RoomPhase = { name: 'failed', failure: { code: 'unreachable' } };
    expect(status({ media: { code: 'denied' }, room: failed })).toEqual({ state: 'media-denied' });
    expect(status({ media: { code: 'missing' }, room: null })).toEqual({ state: 'media-missing' });
    expect(status({ media: { code: 'busy' }, peers: [ADA] })).toEqual({
      state: 'error',
      error: { code: 'media', failure: { code: 'busy' } },
    });
  });

  it('speaks for a group call through the connection that most needs attention, and names everyone once all are up', () => {
    const bob: PeerStatusView = { ...ADA, username: 'Bob' };
    const carol: PeerStatusView = { ...ADA, username: 'Carol' };
    expect(status({ peers: [ADA, bob, carol] })).toEqual({ state: 'connected', peerNames: ['Ada', 'Bob', 'Carol'] });
    expect(status({ peers: [ADA, { ...bob, view: 'connecting' }, carol] })).toEqual({ state: 'connecting', peerName: 'Bob' });
    expect(status({ peers: [{ ...ADA, away: true }, { ...bob, view: 'connecting' }, carol] })).toEqual({
      state: 'peer-reconnecting',
      peerName: 'Ada',
    });
    expect(status({ peers: [{ ...ADA, away: true }, bob, { ...carol, view: 'ice-failed' }] })).toEqual({
      state: 'ice-failed',
      peerName: 'Carol',
      relayOffered: false,
    });
  });
});
