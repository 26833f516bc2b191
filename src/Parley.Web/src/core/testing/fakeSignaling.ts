import type { SignalingChannel, SignalingHandlers } from '../signalingChannel';
import type { JoinResult, PeerInfo, RefusedCall, SignalMessage, SignalingError } from '../types';

export function joinResult(overrides: Partial<JoinResult> = {}): JoinResult {
  return {
    error: null,
    peerId: 'peer-self',
    resumeToken: 'token-1',
    room: 'room-1',
    capacity: 2,
    peers: [],
    iceServers: [{ urls: ['stun:stun.example.test:3478'] }],
    iceTransportPolicy: 'all',
    resumed: false,
    ...overrides,
  };
}

/** Stands in for the signaling client in call tests; tests push server events through it. */
export class FakeSignalingChannel implements SignalingChannel {
  readonly calls: string[] = [];
  readonly sent: Array<{ to: string; message: SignalMessage }> = [];
  result: JoinResult = joinResult();
  connectError: Error | null = null;
  joinError: Error | null = null;
  /** What `unlock` answers: `null` accepts the passcode. */
  unlockRefusal: SignalingError | null = null;
  sendError: Error | null = null;
  /** While set, `join`, `rejoin` and `resume` stay pending until the test calls {@link completeJoin}. */
  holdJoin = false;
  private finishJoin: (() => void) | null = null;
  private handlers: SignalingHandlers | null = null;

  get subscribed(): boolean {
    return this.handlers !== null;
  }

  connect(): Promise<void> {
    this.calls.push('connect');
    return this.connectError === null ? Promise.resolve() : Promise.reject(this.connectError);
  }

  join(room: string, username: string): Promise<JoinResult> {
    this.calls.push(`join:${room}:${username}`);
    return this.answerJoin();
  }

  /** Answers a join held by {@link holdJoin}. */
  completeJoin(): void {
    this.finishJoin?.();
    this.finishJoin = null;
  }

  rejoin(room: string, username: string, resumeToken: string): Promise<JoinResult> {
    this.calls.push(`rejoin:${room}:${username}:${resumeToken}`);
    return this.answerJoin();
  }

  unlock(passcode: string | null): Promise<SignalingError | null> {
    this.calls.push(`unlock:${passcode ?? ''}`);
    return Promise.resolve(this.unlockRefusal);
  }

  resume(room: string, username: string, resumeToken: string): Promise<JoinResult> {
    this.calls.push(`resume:${room}:${username}:${resumeToken}`);
    return this.answerJoin();
  }

  send(to: string, message: SignalMessage): Promise<void> {
    this.sent.push({ to, message });
    return this.sendError === null ? Promise.resolve() : Promise.reject(this.sendError);
  }

  leave(): Promise<SignalingError | null> {
    this.calls.push('leave');
    return Promise.resolve(null);
  }

  disconnect(): Promise<void> {
    this.calls.push('disconnect');
    return Promise.resolve();
  }

  subscribe(handlers: SignalingHandlers): () => void {
    this.handlers = handlers;
    return () => {
      if (this.handlers === handlers) {
        this.handlers = null;
      }
    };
  }

  ready(peer: PeerInfo, resumed = false): void {
    this.handlers?.onReady?.({ ...peer, resumed });
  }

  peerReconnecting(peer: PeerInfo): void {
    this.handlers?.onPeerReconnecting?.(peer);
  }

  data(from: string, payload: string, username = ''): void {
    this.handlers?.onData?.({ from, username, payload });
  }

  refused(refusal: RefusedCall): void {
    this.handlers?.onRefused?.(refusal);
  }

  peerLeft(peer: PeerInfo): void {
    this.handlers?.onPeerLeft?.(peer);
  }

  drop(): void {
    this.handlers?.onClose?.(new Error('connection lost'));
  }

  reconnecting(): void {
    this.handlers?.onReconnecting?.();
  }

  reconnected(): void {
    this.handlers?.onReconnected?.();
  }

  private answerJoin(): Promise<JoinResult> {
    if (this.holdJoin) {
      return new Promise((resolve) => {
        this.finishJoin = () => resolve(this.result);
      });
    }
    return this.joinError === null ? Promise.resolve(this.result) : Promise.reject(this.joinError);
  }
}
