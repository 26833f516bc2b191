import type { HubConnectionLike, SignalingChannel, SignalingHandlers } from '../signalingClient';
import type { JoinResult, PeerInfo, RefusedCall, SignalMessage, SignalingError } from '../types';

type HubHandler = (argument: unknown) => void;

/** Stands in for `@microsoft/signalr`'s `HubConnection`. */
export class FakeHubConnection implements HubConnectionLike {
  readonly invocations: Array<{ method: string; args: unknown[] }> = [];
  /** What `invoke` resolves to, by method name. */
  readonly results = new Map<string, unknown>();
  started = false;
  stopped = false;
  state = 'Disconnected';
  /** How many times `start` was called. */
  starts = 0;
  /** While set, `start` stays pending until the test calls it. */
  private finishStart: (() => void) | null = null;
  holdStart = false;
  private readonly handlers = new Map<string, Set<HubHandler>>();
  private readonly closeCallbacks: Array<(error?: Error) => void> = [];
  private readonly reconnectingCallbacks: Array<(error?: Error) => void> = [];
  private readonly reconnectedCallbacks: Array<(connectionId?: string) => void> = [];

  start(): Promise<void> {
    this.started = true;
    this.starts += 1;
    if (this.holdStart) {
      this.state = 'Connecting';
      return new Promise((resolve) => {
        this.finishStart = () => {
          this.state = 'Connected';
          resolve();
        };
      });
    }
    this.state = 'Connected';
    return Promise.resolve();
  }

  /** Completes a start held by {@link holdStart}. */
  completeStart(): void {
    this.finishStart?.();
    this.finishStart = null;
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.state = 'Disconnected';
    // Like SignalR, an orderly stop still calls the onclose callbacks.
    this.close();
    return Promise.resolve();
  }

  invoke(methodName: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ method: methodName, args });
    return Promise.resolve(this.results.get(methodName) ?? { error: null });
  }

  send(methodName: string, ...args: unknown[]): Promise<void> {
    this.invocations.push({ method: methodName, args });
    return Promise.resolve();
  }

  on(methodName: string, handler: HubHandler): void {
    const set = this.handlers.get(methodName) ?? new Set<HubHandler>();
    set.add(handler);
    this.handlers.set(methodName, set);
  }

  off(methodName: string, handler: HubHandler): void {
    this.handlers.get(methodName)?.delete(handler);
  }

  onclose(callback: (error?: Error) => void): void {
    this.closeCallbacks.push(callback);
  }

  onreconnecting(callback: (error?: Error) => void): void {
    this.reconnectingCallbacks.push(callback);
  }

  onreconnected(callback: (connectionId?: string) => void): void {
    this.reconnectedCallbacks.push(callback);
  }

  /** What SignalR's automatic reconnect reports: the connection dropped, then came back. */
  reconnecting(): void {
    this.state = 'Reconnecting';
    for (const callback of this.reconnectingCallbacks) {
      callback(new Error('connection lost'));
    }
  }

  reconnected(): void {
    this.state = 'Connected';
    for (const callback of this.reconnectedCallbacks) {
      callback('new-connection');
    }
  }

  handlerCount(methodName: string): number {
    return this.handlers.get(methodName)?.size ?? 0;
  }

  /** Delivers a server event. */
  emit(methodName: string, argument: unknown): void {
    for (const handler of [...(this.handlers.get(methodName) ?? [])]) {
      handler(argument);
    }
  }

  close(error?: Error): void {
    this.state = 'Disconnected';
    for (const callback of this.closeCallbacks) {
      callback(error);
    }
  }
}

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

/** Stands in for the signaling client in call tests; tests push hub events through it. */
export class FakeSignalingChannel implements SignalingChannel {
  readonly calls: string[] = [];
  readonly sent: Array<{ to: string; message: SignalMessage }> = [];
  result: JoinResult = joinResult();
  connectError: Error | null = null;
  joinError: Error | null = null;
  /** While set, `join` stays pending until the test calls {@link completeJoin}. */
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
    if (this.holdJoin) {
      return new Promise((resolve) => {
        this.finishJoin = () => resolve(this.result);
      });
    }
    return this.joinError === null ? Promise.resolve(this.result) : Promise.reject(this.joinError);
  }

  /** Answers a `join` held by {@link holdJoin}. */
  completeJoin(): void {
    this.finishJoin?.();
    this.finishJoin = null;
  }

  rejoin(room: string, username: string, resumeToken: string): Promise<JoinResult> {
    this.calls.push(`rejoin:${room}:${username}:${resumeToken}`);
    return this.joinError === null ? Promise.resolve(this.result) : Promise.reject(this.joinError);
  }

  unlock(passcode: string | null): Promise<SignalingError | null> {
    this.calls.push(`unlock:${passcode ?? ''}`);
    return Promise.resolve(null);
  }

  resume(room: string, username: string, resumeToken: string): Promise<JoinResult> {
    this.calls.push(`resume:${room}:${username}:${resumeToken}`);
    return this.joinError === null ? Promise.resolve(this.result) : Promise.reject(this.joinError);
  }

  send(to: string, message: SignalMessage): Promise<void> {
    this.sent.push({ to, message });
    return Promise.resolve();
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
}
