import { CallController } from '../callController';
import { createMemoryTokenStore } from '../resumeTokens';
import type { ResumeTokenStore } from '../resumeTokens';
import { encodeSignalMessage } from '../signalMessage';
import type { SignalingChannel, SignalingHandlers } from '../signalingChannel';
import type { JoinResult, SignalMessage, SignalingError } from '../types';
import { FakeDataChannel } from './fakeDataChannel';
import { FakePeerConnection, FakeStream } from './fakePeerConnection';

/**
 * A room of several {@link CallController}s on fakes that talk to each other: a signaling server with the real
 * server's rules (seats, `Ready`, `PeerLeft`, held seats, `Resume`, `Rejoin`, capacity) and peer connections that
 * connect once both sides hold each other's latest description, delivering the other's stream and pairing their
 * DataChannels. Messages travel asynchronously, as on a network.
 */
export class FakeRoomServer {
  readonly capacity: number;
  private readonly seats = new Map<string, Seat>();
  /** Peer ids handed out in this order, so that join order and id order differ. */
  private readonly ids: string[];
  private readonly network = new FakeNetwork();

  constructor(ids: readonly string[], capacity = 8) {
    this.ids = [...ids];
    this.capacity = capacity;
  }

  /** A person in the room: a call controller with its own signaling connection and a token store that survives reloads. */
  person(username: string, tokens: ResumeTokenStore = createMemoryTokenStore()): Person {
    const channel = new FakeMeshChannel(this);
    const camera = new FakeStream(`camera of ${username}`);
    const connections: MeshPeerConnection[] = [];
    const controller = new CallController<FakeStream>(
      { room: 'mesh', username },
      {
        getUserMedia: () => Promise.resolve(camera),
        createSignaling: () => channel,
        createPeerConnection: (configuration) => {
          const pc = new MeshPeerConnection(`${username}#${connections.length}`, configuration, camera, this.network);
          connections.push(pc);
          return pc;
        },
        tokens,
        remoteOfferTimeoutMs: 200,
      },
    );
    return { username, controller, channel, connections, tokens, camera };
  }

  /** The usernames of the seats, held ones included, in join order. */
  get seated(): string[] {
    return [...this.seats.values()].map((seat) => seat.username);
  }

  join(channel: FakeMeshChannel, username: string, token: string | null, keep: boolean): JoinResult {
    const held = token === null ? undefined : [...this.seats.values()].find((seat) => seat.token === token);
    if (held === undefined && this.seats.size >= this.capacity) {
      return refusal({ code: 'room-full', message: `The room is full: it holds ${this.capacity} people.` }, this.capacity);
    }
    const peerId = held?.peerId ?? this.ids.shift() ?? `peer-${this.seats.size}`;
    const others = [...this.seats.values()].filter((seat) => seat.peerId !== peerId);
    const seat: Seat = { peerId, username, channel, token: held?.token ?? `token-${peerId}` };
    this.seats.set(peerId, seat);
    if (held !== undefined) {
      // A held seat changes hands: the old connection is gone.
      held.channel.seat = null;
    }
    channel.seat = seat;
    for (const other of others) {
      other.channel.deliver((handlers) => handlers.onReady?.({ peerId, username, resumed: held !== undefined && keep }));
    }
    return {
      error: null,
      peerId,
      resumeToken: seat.token,
      room: 'mesh',
      capacity: this.capacity,
      peers: others.map((other) => ({ peerId: other.peerId, username: other.username })),
      iceServers: [],
      iceTransportPolicy: 'all',
      resumed: held !== undefined,
    };
  }

  relay(from: Seat, to: string, message: SignalMessage): void {
    const target = this.seats.get(to);
    if (target !== undefined && target.channel.seat === target) {
      target.channel.deliver((handlers) =>
        handlers.onData?.({ from: from.peerId, username: from.username, payload: encodeSignalMessage(message) }),
      );
    }
  }

  /** A seat whose connection dropped is held (others hear PeerReconnecting); {@link leave} frees it. */
  hold(seat: Seat): void {
    this.broadcast(seat, (handlers) => handlers.onPeerReconnecting?.({ peerId: seat.peerId, username: seat.username }));
  }

  leave(seat: Seat): void {
    if (this.seats.get(seat.peerId) === seat) {
      this.seats.delete(seat.peerId);
      this.broadcast(seat, (handlers) => handlers.onPeerLeft?.({ peerId: seat.peerId, username: seat.username }));
    }
  }

  private broadcast(from: Seat, event: (handlers: SignalingHandlers) => void): void {
    for (const seat of this.seats.values()) {
      if (seat !== from) {
        seat.channel.deliver(event);
      }
    }
  }
}

/** A page that reloads: its signaling connection and peer connections go as the tab unloads, with no Leave. */
export function unload(person: Person): void {
  person.channel.vanish();
  for (const pc of person.connections) {
    pc.close();
  }
}

export interface Person {
  readonly username: string;
  readonly controller: CallController<FakeStream>;
  readonly channel: FakeMeshChannel;
  readonly connections: MeshPeerConnection[];
  readonly tokens: ResumeTokenStore;
  readonly camera: FakeStream;
}

interface Seat {
  readonly peerId: string;
  readonly username: string;
  readonly channel: FakeMeshChannel;
  readonly token: string;
}

function refusal(error: SignalingError, capacity: number): JoinResult {
  return {
    error,
    peerId: null,
    resumeToken: null,
    room: null,
    capacity,
    peers: [],
    iceServers: [],
    iceTransportPolicy: 'all',
    resumed: false,
  };
}

/** One person's signaling connection to the {@link FakeRoomServer}. */
export class FakeMeshChannel implements SignalingChannel {
  seat: Seat | null = null;
  private handlers: SignalingHandlers | null = null;
  private readonly server: FakeRoomServer;

  constructor(server: FakeRoomServer) {
    this.server = server;
  }

  get peerId(): string | null {
    return this.seat?.peerId ?? null;
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  join(_room: string, username: string): Promise<JoinResult> {
    return Promise.resolve(this.server.join(this, username, null, false));
  }

  unlock(): Promise<SignalingError | null> {
    return Promise.resolve(null);
  }

  rejoin(_room: string, username: string, token: string): Promise<JoinResult> {
    return Promise.resolve(this.server.join(this, username, token, false));
  }

  resume(_room: string, username: string, token: string): Promise<JoinResult> {
    return Promise.resolve(this.server.join(this, username, token, true));
  }

  send(to: string, message: SignalMessage): Promise<void> {
    if (this.seat !== null) {
      this.server.relay(this.seat, to, message);
    }
    return Promise.resolve();
  }

  leave(): Promise<SignalingError | null> {
    if (this.seat !== null) {
      this.server.leave(this.seat);
      this.seat = null;
    }
    return Promise.resolve(null);
  }

  disconnect(): Promise<void> {
    return Promise.resolve();
  }

  subscribe(handlers: SignalingHandlers): () => void {
    this.handlers = handlers;
    return () => {
      this.handlers = null;
    };
  }

  /** The signaling connection drops (the seat is held) and, when `back` resolves, comes back for a Resume. */
  drop(): void {
    const seat = this.seat;
    this.seat = null;
    this.handlers?.onReconnecting?.();
    if (seat !== null) {
      this.server.hold(seat);
    }
  }

  reconnect(): void {
    this.handlers?.onReconnected?.();
  }

  /** The page unloads: its connection goes without Leave (the server holds the seat for a reloaded page's Rejoin). */
  vanish(): void {
    const seat = this.seat;
    this.seat = null;
    this.handlers = null;
    if (seat !== null) {
      this.server.hold(seat);
    }
  }

  deliver(event: (handlers: SignalingHandlers) => void): void {
    setTimeout(() => {
      if (this.seat !== null && this.handlers !== null) {
        event(this.handlers);
      }
    }, 0);
  }
}

/** Which fake connection made which description, to find the two ends of a pair. */
class FakeNetwork {
  private readonly connections = new Map<string, MeshPeerConnection>();

  add(pc: MeshPeerConnection): void {
    this.connections.set(pc.name, pc);
  }

  /** The connection that made `sdp` (named `<connection>-offer-N` or `<connection>-answer-N`). */
  maker(sdp: string | undefined): MeshPeerConnection | undefined {
    return sdp === undefined ? undefined : this.connections.get(sdp.replace(/-(offer|answer)-\d+$/, ''));
  }
}

/**
 * A fake peer connection that connects to the one whose descriptions it holds once both are stable with each
 * other's latest description: it then reports `connected`, delivers the other side's camera and opens its
 * DataChannels against the other side's.
 */
export class MeshPeerConnection extends FakePeerConnection {
  private readonly camera: FakeStream;
  private readonly network: FakeNetwork;
  private linked: MeshPeerConnection | null = null;

  constructor(name: string, configuration: RTCConfiguration, camera: FakeStream, network: FakeNetwork) {
    super(name, configuration);
    this.camera = camera;
    this.network = network;
    network.add(this);
  }

  /** The connection at the other end, once the two have connected. */
  get other(): MeshPeerConnection | null {
    return this.linked;
  }

  override async setLocalDescription(description?: RTCSessionDescriptionInit): Promise<void> {
    await super.setLocalDescription(description);
    this.check();
  }

  override async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    await super.setRemoteDescription(description);
    this.check();
  }

  private check(): void {
    const other = this.network.maker(this.remoteDescription?.sdp);
    const agreed =
      other !== undefined &&
      this.signalingState === 'stable' &&
      other.signalingState === 'stable' &&
      this.remoteDescription?.sdp === other.localDescription?.sdp &&
      other.remoteDescription?.sdp === this.localDescription?.sdp;
    if (!agreed || this.linked === other) {
      return;
    }
    this.linked = other;
    other.linked = this;
    for (const [pc, remote] of [
      [this, other],
      [other, this],
    ] as const) {
      for (const channel of pc.dataChannels) {
        const match = remote.dataChannels.find((c) => c.label === channel.label);
        if (match !== undefined && channel.readyState !== 'open') {
          FakeDataChannel.pair(channel, match);
        }
      }
    }
    for (const [pc, remote] of [
      [this, other],
      [other, this],
    ] as const) {
      pc.setIceConnectionState('connected');
      pc.setConnectionState('connected');
      pc.fireTrack(remote.camera);
    }
  }
}
