import { describe, expect, it, vi } from 'vitest';
import { UPLINK_BUDGET_KBPS } from './bandwidth';
import { FakeRoomServer, unload } from './testing/fakeMesh';
import type { Person } from './testing/fakeMesh';

/** Peer ids in the order the server hands them out: join order and id order differ, so politeness varies by pair. */
const IDS = ['m', 'c', 'x', 'a', 'q', 'f'];

const settled = { timeout: 5000, interval: 5 };

async function joinAll(server: FakeRoomServer, names: readonly string[]): Promise<Person[]> {
  const people: Person[] = [];
  for (const name of names) {
    const person = server.person(name);
    people.push(person);
    await person.controller.start();
  }
  return people;
}

/** Everyone is connected with everyone else, through one live connection per pair and the other's camera. */
async function expectFullMesh(people: readonly Person[]): Promise<void> {
  await vi.waitFor(() => {
    for (const person of people) {
      const snapshot = person.controller.getSnapshot();
      const others = people.filter((other) => other !== person);
      expect(snapshot.status).toEqual({ state: 'connected', peerNames: expect.arrayContaining(others.map((o) => o.username)) as unknown });
      expect(snapshot.peers.map((peer) => peer.username).sort()).toEqual(others.map((o) => o.username).sort());
      for (const peer of snapshot.peers) {
        const other = others.find((o) => o.username === peer.username);
        expect(peer.stream).toBe(other?.camera);
      }
      const live = person.connections.filter((pc) => pc.signalingState !== 'closed');
      expect(live).toHaveLength(others.length);
      expect(live.every((pc) => pc.signalingState === 'stable' && pc.other !== null)).toBe(true);
    }
  }, settled);
}

describe('CallController in a group call (a mesh)', () => {
  it('connects each newcomer to everyone already there: they offer, it answers', async () => {
    const server = new FakeRoomServer(IDS);
    const people = await joinAll(server, ['Ada', 'Bob', 'Cy', 'Di']);

    await expectFullMesh(people);
    // Di came last: each of her connections began with the other side's offer, none with hers.
    const di = people[3];
    expect(di?.connections.map((pc) => pc.log[0])).toEqual([
      expect.stringMatching(/^setRemoteDescription:offer/),
      expect.stringMatching(/^setRemoteDescription:offer/),
      expect.stringMatching(/^setRemoteDescription:offer/),
    ]);
  });

  it('converges when every pair offers at once (glare everywhere): the smaller peer id yields, no connection is replaced', async () => {
    const server = new FakeRoomServer(IDS);
    const people = await joinAll(server, ['Ada', 'Bob', 'Cy', 'Di']);
    await expectFullMesh(people);
    const before = people.map((person) => [...person.connections]);

    for (const person of people) {
      person.controller.renegotiate();
    }

    // Every pair collided, and in every pair exactly the polite side (the smaller id) rolled its offer back.
    const rolledBack = () =>
      people.flatMap((person) =>
        person.connections.filter((pc) => pc.log.includes('rollback')).map((pc) => `${pc.name}/${pc.other?.name ?? ''}`),
      );
    await vi.waitFor(() => expect(rolledBack()).toHaveLength(6), settled);
    await expectFullMesh(people);
    expect(people.map((person) => person.connections)).toEqual(before);
    expect(new Set(rolledBack().map((pair) => pair.split('/').map((name) => name.split('#')[0]).sort().join()))).toHaveProperty('size', 6);
  });

  it('tears down the connections of someone who leaves, and the others keep theirs', async () => {
    const server = new FakeRoomServer(IDS);
    const people = await joinAll(server, ['Ada', 'Bob', 'Cy', 'Di']);
    await expectFullMesh(people);
    const [ada, bob, cy, di] = people as [Person, Person, Person, Person];
    const kept = [ada, bob, cy].map((person) => person.connections.filter((pc) => pc.other?.name.startsWith('Di') !== true));

    await di.controller.dispose();

    await expectFullMesh([ada, bob, cy]);
    expect([ada, bob, cy].map((person) => person.connections.filter((pc) => pc.signalingState !== 'closed'))).toEqual(kept);
    expect(di.connections.every((pc) => pc.signalingState === 'closed')).toBe(true);
    expect(server.seated).toEqual(['Ada', 'Bob', 'Cy']);
  });

  it('brings a late joiner to everyone, and refuses one more than the room holds, naming the capacity', async () => {
    const server = new FakeRoomServer(IDS, 4);
    const people = await joinAll(server, ['Ada', 'Bob', 'Cy']);
    await expectFullMesh(people);

    const eve = server.person('Eve');
    await eve.controller.start();
    await expectFullMesh([...people, eve]);

    const fay = server.person('Fay');
    await fay.controller.start();
    expect(fay.controller.getSnapshot().status).toEqual({ state: 'room-full', capacity: 4 });
    expect(fay.connections).toHaveLength(0);
  });

  it('keeps every connection through a signaling drop and resume, on both sides', async () => {
    const server = new FakeRoomServer(IDS);
    const people = await joinAll(server, ['Ada', 'Bob', 'Cy', 'Di']);
    await expectFullMesh(people);
    const before = people.map((person) => [...person.connections]);
    const bob = people[1] as Person;

    bob.channel.drop();
    await vi.waitFor(() => {
      expect(people[0]?.controller.getSnapshot().status).toEqual({ state: 'peer-reconnecting', peerName: 'Bob' });
    }, settled);
    expect(bob.controller.getSnapshot().signalingReconnecting).toBe(true);
    bob.channel.reconnect();

    await expectFullMesh(people);
    expect(people.map((person) => person.connections)).toEqual(before);
    expect(server.seated).toHaveLength(4);
  });

  it('gives a reloaded page its seat back without a ghost: everyone negotiates one new connection with it', async () => {
    const server = new FakeRoomServer(IDS);
    const people = await joinAll(server, ['Ada', 'Bob', 'Cy', 'Di']);
    await expectFullMesh(people);
    const cy = people[2] as Person;

    unload(cy);
    const reloaded = server.person('Cy', cy.tokens);
    await reloaded.controller.start();

    const now = [people[0], people[1], reloaded, people[3]] as Person[];
    await expectFullMesh(now);
    expect(server.seated).toEqual(['Ada', 'Bob', 'Cy', 'Di']);
    for (const other of [people[0], people[1], people[3]] as Person[]) {
      // One connection to Cy replaced: the old one closed, a new one in its place.
      expect(other.connections).toHaveLength(4);
      expect(other.connections.filter((pc) => pc.signalingState === 'closed')).toHaveLength(1);
    }
  });

  it('sends chat to everyone, and each person sees who muted', async () => {
    const server = new FakeRoomServer(IDS);
    const people = await joinAll(server, ['Ada', 'Bob', 'Cy']);
    await expectFullMesh(people);
    const [ada, bob, cy] = people as [Person, Person, Person];

    expect(ada.controller.sendChat('hello all')).toBeNull();
    ada.controller.setMicrophoneOn(false);

    await vi.waitFor(() => {
      for (const other of [bob, cy]) {
        const snapshot = other.controller.getSnapshot();
        expect(snapshot.data.chat.map((m) => [m.author, m.text])).toEqual([['Ada', 'hello all']]);
        expect(snapshot.peers.find((peer) => peer.username === 'Ada')?.media).toEqual({
          microphone: false,
          camera: true,
          screen: false,
        });
        expect(snapshot.peers.find((peer) => peer.username === 'Cy' || peer.username === 'Bob')?.media?.microphone).toBe(true);
      }
    }, settled);
  });

  it('splits the uplink budget between the connections as the room grows and shrinks', async () => {
    const server = new FakeRoomServer(IDS);
    const people = await joinAll(server, ['Ada', 'Bob']);
    await expectFullMesh(people);
    const ada = people[0] as Person;
    const videoCap = () =>
      ada.connections
        .filter((pc) => pc.signalingState !== 'closed')
        .map((pc) => (pc.sender('video')?.encoding?.maxBitrate ?? 0) + (pc.sender('audio')?.encoding?.maxBitrate ?? 0));

    await vi.waitFor(() => expect(videoCap()).toEqual([UPLINK_BUDGET_KBPS * 1000]), settled);

    const more = await joinAll(server, ['Cy', 'Di']);
    await expectFullMesh([...people, ...more]);
    await vi.waitFor(() => {
      const caps = videoCap();
      expect(caps).toHaveLength(3);
      expect(new Set(caps).size).toBe(1);
      expect(caps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(UPLINK_BUDGET_KBPS * 1000);
      expect(caps.reduce((a, b) => a + b, 0)).toBeGreaterThan(UPLINK_BUDGET_KBPS * 1000 * 0.95);
    }, settled);
  });

});
