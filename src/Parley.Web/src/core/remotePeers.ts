import type { SendingPlan } from './bandwidth';
import type { SendingTracks } from './localMedia';
import type { PeerMediaState } from './mediaState';
import type { PeerConnectionLike, StreamLike } from './peerSession';
import { RemotePeer } from './remotePeer';
import type { JoinedRoom, RoomEvent } from './roomSession';
import { parseSignalMessage } from './signalMessage';
import type { PeerInfo, SignalMessage } from './types';

export interface RemotePeersOptions<S extends StreamLike> {
  createPeerConnection: (configuration: RTCConfiguration) => PeerConnectionLike<S>;
  /** How long a newcomer waits for the first offer before making its own (tests shorten it). */
  remoteOfferTimeoutMs?: number;
  /** The local camera and microphone a new connection starts with. */
  localStream: () => S | null;
  send: (to: string, message: SignalMessage) => void;
  /** A connection to a peer was created; its first offer goes out after this returns, carrying what it added. */
  onOpened: (peer: RemotePeer<S>) => void;
  onClosed: (peer: RemotePeer<S>) => void;
  /** A peer came, went or changed (stream, connection, presence). */
  onChange: () => void;
  warn: (message: string, detail?: unknown) => void;
}

/**
 * How long the side that sent `renew` drops what the peer sends while it waits for `renewed`: longer than any
 * message of the old connection can still be on its way, so that a client that never acknowledges is not cut off.
 */
export const RENEWED_TIMEOUT_MS = 10_000;

/**
 * The other people in the room, each with a peer connection of its own, keyed by peer id: who is negotiated with,
 * kept through a resume, or closed, following what the room session reports. A full mesh: whoever is in the room
 * already offers to a newcomer (on its `Ready`), the newcomer answers each of them, and in glare the side with the
 * smaller peer id is polite (see {@link PeerSession}). A connection that stands still through an ICE restart is
 * replaced on both sides: its impolite side sends `renew` and offers a new one, the polite side acknowledges with
 * `renewed` and makes a new one to answer it.
 */
export class RemotePeers<S extends StreamLike> {
  private readonly options: RemotePeersOptions<S>;
  private readonly peers = new Map<string, RemotePeer<S>>();
  /** Connections kept after the server forgot the room (it restarted): they end when someone is ready again. */
  private readonly heldOver = new Set<string>();
  private seat: { readonly peerId: string; readonly configuration: RTCConfiguration } | null = null;
  private lastLeftName: string | null = null;
  /**
   * Peers we sent `renew` and have not heard `renewed` from: what they send meanwhile was meant for the connection
   * we replaced (say, the restart offer that crossed our `renew`), and would break the new one.
   */
  private readonly renewing = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(options: RemotePeersOptions<S>) {
    this.options = options;
  }

  /** The peer who has been connected longest, if anyone is here. */
  get first(): RemotePeer<S> | undefined {
    return this.peers.values().next().value;
  }

  /** Everyone else in the room, the longest connected first. */
  get list(): readonly RemotePeer<S>[] {
    return [...this.peers.values()];
  }

  /** The name of the last peer who left, while nobody else has come since. */
  get lastLeft(): string | null {
    return this.lastLeftName;
  }

  /** Whether any peer connection runs that a resume of our seat would keep. */
  hasLiveConnection(): boolean {
    return [...this.peers.values()].some((peer) => peer.isLive);
  }

  /** Follows what a Join, Rejoin or Resume returned. */
  joined(room: JoinedRoom): void {
    this.seat = { peerId: room.peerId, configuration: room.configuration };
    const others = room.peers.filter((peer) => peer.peerId !== room.peerId);
    if (others.length === 0) {
      if (room.resumed || this.peers.size === 0) {
        // The room lists held seats too, so an empty room we are back in means they really left.
        this.closeAll();
        this.lastLeftName = null;
      } else {
        // The server forgot the room (it restarted): the call goes on until they are back.
        for (const peerId of this.peers.keys()) {
          this.heldOver.add(peerId);
        }
      }
      return;
    }
    // Our seat was held and they kept their side of the peer connection: the call goes on as it is.
    const kept = new Set(
      room.attempt === 'resume' && room.resumed
        ? others.filter((peer) => this.peers.get(peer.peerId)?.isLive === true).map((peer) => peer.peerId)
        : [],
    );
    for (const peerId of [...this.peers.keys()].filter((id) => !kept.has(id))) {
      this.close(peerId);
    }
    for (const peer of others) {
      if (kept.has(peer.peerId)) {
        this.peers.get(peer.peerId)?.showConnectionState();
      } else {
        // The peers already in the room make the first offer (they get our Ready); we answer.
        this.open(peer, true);
      }
    }
  }

  handle(event: RoomEvent): void {
    switch (event.kind) {
      case 'ready': {
        const known = this.peers.get(event.peer.peerId);
        // A connection that never negotiated (they were away when we joined, so they never heard of us) has
        // nothing to keep: it is opened anew, and we offer, as to anyone who gets ready.
        if (event.peer.resumed && known?.isLive === true && known.negotiated) {
          known.markBack();
        } else if (event.peer.peerId !== this.seat?.peerId) {
          // A new peer, or the same one back after a reload: negotiate from scratch, and offer first.
          for (const peerId of this.heldOver) {
            this.close(peerId);
          }
          this.open(event.peer, false);
        }
        return;
      }
      case 'peer-reconnecting':
        this.peers.get(event.peer.peerId)?.markAway(event.peer.username);
        return;
      case 'data': {
        const peer = this.peers.get(event.event.from);
        const message = parseSignalMessage(event.event.payload);
        if (peer === undefined || message === null) {
          return;
        }
        if ('renewed' in message) {
          this.stopRenewing(peer.peerId);
        } else if ('renew' in message) {
          this.options.send(peer.peerId, { renewed: true });
          this.reopen(peer, true);
        } else if (!this.renewing.has(peer.peerId)) {
          void peer.session.handleMessage(message);
        }
        return;
      }
      case 'ice-servers':
        this.reconfigure(event.configuration);
        return;
      case 'peer-left': {
        const peer = this.peers.get(event.peer.peerId);
        if (peer !== undefined) {
          this.lastLeftName = event.peer.username || peer.username;
          this.close(peer.peerId);
        }
        return;
      }
    }
  }

  /** Fresh TURN credentials: the connections take them for their next ICE gathering, and new ones start with them. */
  private reconfigure(configuration: RTCConfiguration): void {
    if (this.seat !== null) {
      this.seat = { ...this.seat, configuration };
    }
    for (const peer of this.peers.values()) {
      try {
        peer.connection.setConfiguration(configuration);
      } catch (error) {
        this.options.warn('Applying renewed ICE servers failed', error);
      }
    }
  }

  /** Puts what each sender should send on every connection. */
  sendTracks(tracks: SendingTracks): void {
    for (const peer of this.peers.values()) {
      peer.sendTracks(tracks);
    }
  }

  /** Limits what goes to each peer (the same plan for everyone). */
  limitSending(plan: SendingPlan): void {
    for (const peer of this.peers.values()) {
      peer.limitSending(plan);
    }
  }

  /** Tells everyone whether our microphone, camera and screen share are on. */
  sendMediaState(state: PeerMediaState): void {
    for (const peer of this.peers.values()) {
      peer.sendMediaState(state);
    }
  }

  /** Starts a new negotiation with everyone (an ICE restart). */
  renegotiate(): void {
    for (const peer of this.peers.values()) {
      peer.session.renegotiate();
    }
  }

  closeAll(): void {
    for (const peerId of [...this.peers.keys()]) {
      this.close(peerId);
    }
  }

  private open(info: PeerInfo, awaitRemoteOffer: boolean, replacements = 0): void {
    const seat = this.seat;
    if (seat === null) {
      return;
    }
    this.close(info.peerId);
    const peer: RemotePeer<S> = new RemotePeer<S>({
      peer: info,
      localPeerId: seat.peerId,
      configuration: seat.configuration,
      localStream: this.options.localStream(),
      awaitRemoteOffer,
      remoteOfferTimeoutMs: this.options.remoteOfferTimeoutMs,
      createPeerConnection: this.options.createPeerConnection,
      send: (message) => this.options.send(info.peerId, message),
      replacements,
      onStalled: () => {
        if (this.peers.get(info.peerId) === peer) {
          this.options.warn(`Replacing the connection to ${peer.username}: it stood still through an ICE restart`);
          this.options.send(info.peerId, { renew: true });
          this.reopen(peer, false);
          this.renewing.set(
            info.peerId,
            setTimeout(() => this.renewing.delete(info.peerId), RENEWED_TIMEOUT_MS),
          );
        }
      },
      onChange: () => {
        if (this.peers.get(info.peerId) === peer) {
          this.options.onChange();
        }
      },
      warn: this.options.warn,
    });
    this.peers.set(info.peerId, peer);
    this.options.onOpened(peer);
    this.options.onChange();
    if (!awaitRemoteOffer) {
      peer.session.offer();
    }
  }

  /** Replaces the connection to `peer` with a new one, under the name it has now. */
  private reopen(peer: RemotePeer<S>, awaitRemoteOffer: boolean): void {
    this.open({ peerId: peer.peerId, username: peer.username }, awaitRemoteOffer, peer.replacements + 1);
  }

  private stopRenewing(peerId: string): void {
    clearTimeout(this.renewing.get(peerId));
    this.renewing.delete(peerId);
  }

  private close(peerId: string): void {
    const peer = this.peers.get(peerId);
    if (peer === undefined) {
      return;
    }
    this.peers.delete(peerId);
    this.heldOver.delete(peerId);
    this.stopRenewing(peerId);
    peer.close();
    this.options.onClosed(peer);
    this.options.onChange();
  }
}
