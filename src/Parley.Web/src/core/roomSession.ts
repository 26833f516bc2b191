import { errorDetail } from './errorDetail';
import type { ResumeTokenStore } from './resumeTokens';
import { toRtcConfiguration } from './rtcConfiguration';
import type { SignalingChannel } from './signalingChannel';
import { ErrorCodes } from './types';
import type { DataEvent, JoinResult, PeerInfo, ReadyPeer, SignalMessage } from './types';

/**
 * How a seat is taken: `join` the first time, `rejoin` with the stored token after a reload (the others negotiate
 * anew), `resume` with it after a dropped signaling connection (the peer connections that still run go on).
 */
export type JoinAttempt = 'join' | 'rejoin' | 'resume';

/** What the server tells about the other people in the room. */
export type RoomEvent =
  | { readonly kind: 'ready'; readonly peer: ReadyPeer }
  | { readonly kind: 'data'; readonly event: DataEvent }
  | { readonly kind: 'peer-reconnecting'; readonly peer: PeerInfo }
  | { readonly kind: 'peer-left'; readonly peer: PeerInfo }
  /** Fresh TURN credentials for this seat (the server renews them before they expire). */
  | { readonly kind: 'ice-servers'; readonly configuration: RTCConfiguration };

/** Why this side is not in the room. */
export type RoomFailure =
  /** The signaling connection could not be opened, or was lost for good. */
  | { readonly code: 'unreachable' }
  /** Every seat is taken; `capacity` is how many the room holds, where the server said. */
  | { readonly code: 'room-full'; readonly capacity: number | null }
  /** The server refused the join (or the passcode) with another of its error codes. */
  | { readonly code: 'refused'; readonly serverCode: string; readonly serverMessage: string }
  /** The join could not be asked or answered; `detail` is the signaling client's own message. */
  | { readonly code: 'signaling-failed'; readonly detail: string | null };

/** The seat a join got, and who else is in the room. */
export interface JoinedRoom {
  readonly attempt: JoinAttempt;
  readonly peerId: string;
  /** Everyone the server lists in the room, held seats too. */
  readonly peers: readonly PeerInfo[];
  /** The resume token got this connection its previous seat and peer id back. */
  readonly resumed: boolean;
  /** How many people the room holds. */
  readonly capacity: number;
  readonly configuration: RTCConfiguration;
}

export type RoomPhase =
  /** Connecting to the server; the first join is still to come. */
  | { readonly name: 'connecting' }
  /** A join is in flight; the room's events wait in `held` until it returns. */
  | {
      readonly name: 'joining';
      readonly attempt: JoinAttempt;
      readonly afterReconnect: boolean;
      readonly held: RoomEvent[];
    }
  | { readonly name: 'joined'; readonly room: JoinedRoom }
  /** The signaling connection dropped and the client reconnects by itself; the call goes on meanwhile. */
  | { readonly name: 'reconnecting' }
  | { readonly name: 'failed'; readonly failure: RoomFailure }
  | { readonly name: 'closed' };

type JoiningPhase = Extract<RoomPhase, { name: 'joining' }>;

export interface RoomListener {
  /** Every change of phase; `joined` comes before the events held during the join are replayed. */
  onPhase: (phase: RoomPhase) => void;
  onEvent: (event: RoomEvent) => void;
  warn: (message: string, detail?: unknown) => void;
}

export interface RoomSessionOptions {
  room: string;
  username: string;
  /** The room's passcode, if it has one: the room is its name and its passcode together. */
  passcode: string | null;
  tokens: ResumeTokenStore;
  /** Whether peer connections run that a resume would keep; without any, a dropped connection rejoins instead. */
  keepsPeerConnections: () => boolean;
}

/**
 * This side's seat in one room over one signaling connection: joins, takes the seat back after a reload or a dropped
 * connection, holds the room's events while a join is in flight, and gives the seat up on {@link close}.
 */
export class RoomSession {
  private readonly signaling: SignalingChannel;
  private readonly options: RoomSessionOptions;
  private readonly listener: RoomListener;
  private phaseValue: RoomPhase = { name: 'connecting' };
  /** Whether a join ever got a seat, which {@link close} then gives up with `Leave`. */
  private seated = false;
  private unsubscribe: (() => void) | null = null;

  constructor(signaling: SignalingChannel, options: RoomSessionOptions, listener: RoomListener) {
    this.signaling = signaling;
    this.options = options;
    this.listener = listener;
  }

  get phase(): RoomPhase {
    return this.phaseValue;
  }

  /** The signaling connection is down, or back and taking the seat again, while the call goes on. */
  get reconnecting(): boolean {
    const phase = this.phaseValue;
    return phase.name === 'reconnecting' || (phase.name === 'joining' && phase.afterReconnect);
  }

  /** Subscribes to the server's events and opens the connection; resolves to whether it opened. */
  connect(): Promise<boolean> {
    this.unsubscribe = this.signaling.subscribe({
      onReady: (peer) => this.receive({ kind: 'ready', peer }),
      onData: (event) => this.receive({ kind: 'data', event }),
      onPeerReconnecting: (peer) => this.receive({ kind: 'peer-reconnecting', peer }),
      onPeerLeft: (peer) => this.receive({ kind: 'peer-left', peer }),
      // A renewal that names no server would strip the peer connections of STUN and TURN: keep what they have.
      onIceServers: ({ iceServers, iceTransportPolicy }) => {
        if (iceServers.length > 0) {
          this.receive({ kind: 'ice-servers', configuration: toRtcConfiguration(iceServers, iceTransportPolicy) });
        }
      },
      onRefused: (refusal) => this.listener.warn(`The server refused a message: ${refusal.error.message}`),
      // Our seat is a ghost now; a new attempt should take it back rather than wait behind it.
      onClose: () => this.fail({ code: 'unreachable' }),
      onReconnecting: () => {
        const { name } = this.phaseValue;
        if (name === 'joined' || name === 'joining') {
          // Media goes on peer to peer; only new negotiations wait for signaling.
          this.enter({ name: 'reconnecting' });
        }
      },
      onReconnected: () => {
        const { name } = this.phaseValue;
        if (name !== 'connecting' && name !== 'closed') {
          void this.takeSeat(true);
        }
      },
    });
    return this.signaling.connect().then(
      () => true,
      () => {
        this.fail({ code: 'unreachable' });
        return false;
      },
    );
  }

  /** Takes a seat in the room: `Join`, or `Rejoin` with the token stored by an earlier visit of this tab. */
  join(): Promise<void> {
    return this.takeSeat(false);
  }

  /** Relays a message to one peer of the room; a failure is only a warning (the negotiation recovers or restarts). */
  send(to: string, message: SignalMessage): void {
    this.signaling.send(to, message).catch((error: unknown) => this.listener.warn('Sending a message failed', error));
  }

  /** Leaves the room (if a seat was taken) and closes the connection; nothing is reported from now on. */
  async close(): Promise<void> {
    if (this.phaseValue.name === 'closed') {
      return;
    }
    this.phaseValue = { name: 'closed' };
    this.unsubscribe?.();
    this.unsubscribe = null;
    try {
      if (this.seated) {
        await this.signaling.leave();
        // The seat is given up: a later visit is a fresh Join.
        this.options.tokens.delete(this.options.room);
      }
    } catch (error) {
      // Closing the connection takes us out of the room as well.
      this.listener.warn('Leave failed', error);
    }
    try {
      await this.signaling.disconnect();
    } catch (error) {
      this.listener.warn('Disconnecting from the server failed', error);
    }
  }

  private async takeSeat(afterReconnect: boolean): Promise<void> {
    const { room, username, passcode, tokens } = this.options;
    const token = tokens.get(room);
    const attempt: JoinAttempt =
      token === null ? 'join' : afterReconnect && this.options.keepsPeerConnections() ? 'resume' : 'rejoin';
    const joining: JoiningPhase = { name: 'joining', attempt, afterReconnect, held: [] };
    this.enter(joining);
    let result: JoinResult;
    try {
      // Every signaling connection, a reconnected one too, starts without a passcode.
      const refusal = passcode === null ? null : await this.signaling.unlock(passcode);
      if (refusal !== null) {
        this.failJoin(joining, { code: 'refused', serverCode: refusal.code, serverMessage: refusal.message });
        return;
      }
      result =
        token === null
          ? await this.signaling.join(room, username)
          : attempt === 'resume'
            ? await this.signaling.resume(room, username, token)
            : await this.signaling.rejoin(room, username, token);
    } catch (error) {
      this.failJoin(joining, { code: 'signaling-failed', detail: errorDetail(error) });
      return;
    }
    if (result.error !== null || result.peerId === null) {
      const error = result.error ?? { code: 'bad-response', message: '' };
      this.failJoin(
        joining,
        error.code === ErrorCodes.roomFull
          ? { code: 'room-full', capacity: result.capacity > 0 ? result.capacity : null }
          : { code: 'refused', serverCode: error.code, serverMessage: error.message },
      );
      return;
    }
    if (this.phaseValue !== joining) {
      // Closed, lost or reconnecting while the answer was on its way: it is out of date.
      return;
    }
    this.seated = true;
    if (result.resumeToken !== null) {
      tokens.set(room, result.resumeToken);
    }
    const joined: JoinedRoom = {
      attempt,
      peerId: result.peerId,
      peers: result.peers,
      resumed: result.resumed,
      capacity: result.capacity,
      configuration: toRtcConfiguration(result.iceServers, result.iceTransportPolicy),
    };
    this.enter({ name: 'joined', room: joined });
    for (const event of joining.held) {
      this.listener.onEvent(event);
    }
  }

  /** Ends a join attempt that is still the current one (a later attempt or a lost connection says more). */
  private failJoin(joining: JoiningPhase, failure: RoomFailure): void {
    if (this.phaseValue === joining) {
      this.enter({ name: 'failed', failure });
    }
  }

  private fail(failure: RoomFailure): void {
    if (this.phaseValue.name !== 'closed') {
      this.enter({ name: 'failed', failure });
    }
  }

  private receive(event: RoomEvent): void {
    const phase = this.phaseValue;
    switch (phase.name) {
      case 'joining':
        phase.held.push(event);
        return;
      case 'connecting':
      case 'closed':
        // Before a join the server sends this connection nothing of a room; after close nobody listens.
        return;
      default:
        this.listener.onEvent(event);
    }
  }

  private enter(phase: RoomPhase): void {
    if (this.phaseValue.name !== 'closed') {
      this.phaseValue = phase;
      this.listener.onPhase(phase);
    }
  }
}
