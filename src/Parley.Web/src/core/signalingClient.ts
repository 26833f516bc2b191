import {
  encodeSignalMessage,
  parseDataEvent,
  parseJoinResult,
  parsePeerInfo,
  parseReadyPeer,
  parseRefusedCall,
  parseResultError,
} from './signalMessage';
import type { DataEvent, JoinResult, PeerInfo, ReadyPeer, RefusedCall, SignalMessage, SignalingError } from './types';

/** The hub's URL, on the page's own origin. */
export const SIGNALING_HUB_URL = '/hubs/signaling';

/** The hub event by which a server that is shutting down asks its clients to reconnect (to another node). */
export const SERVER_RECONNECT_EVENT = 'Reconnect';

/** How long the client keeps trying to reconnect to the hub before it gives up. */
export const RECONNECT_GIVE_UP_MS = 120_000;

/**
 * Delay before the next reconnection attempt (`withAutomaticReconnect`): at once, then 1, 2 and
 * 3 s, then every 3 s, until {@link RECONNECT_GIVE_UP_MS}; `null` gives up.
 */
export function nextReconnectDelay(retry: { previousRetryCount: number; elapsedMilliseconds: number }): number | null {
  if (retry.elapsedMilliseconds >= RECONNECT_GIVE_UP_MS) {
    return null;
  }
  return Math.min(retry.previousRetryCount, 3) * 1000;
}

/**
 * The part of `@microsoft/signalr`'s `HubConnection` the client uses, so that tests can pass a fake.
 */
export interface HubConnectionLike {
  /** `HubConnectionState`: Disconnected, Connecting, Connected, Disconnecting or Reconnecting. */
  readonly state: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  invoke(methodName: string, ...args: unknown[]): Promise<unknown>;
  send(methodName: string, ...args: unknown[]): Promise<void>;
  on(methodName: string, handler: (argument: unknown) => void): void;
  off(methodName: string, handler: (argument: unknown) => void): void;
  onclose(callback: (error?: Error) => void): void;
  onreconnecting(callback: (error?: Error) => void): void;
  onreconnected(callback: (connectionId?: string) => void): void;
}

export interface SignalingHandlers {
  onReady?: (peer: ReadyPeer) => void;
  onData?: (event: DataEvent) => void;
  /** The peer's hub connection dropped; the server holds its seat for a grace period. */
  onPeerReconnecting?: (peer: PeerInfo) => void;
  onPeerLeft?: (peer: PeerInfo) => void;
  /** The hub refused a message that {@link SignalingChannel.send} handed to it. */
  onRefused?: (refusal: RefusedCall) => void;
  /** The connection closed for good without {@link SignalingChannel.disconnect} being called. */
  onClose?: (error: Error | undefined) => void;
  /** The connection dropped and the client is trying to reconnect by itself. */
  onReconnecting?: () => void;
  /** The connection is back, as a new connection: the caller must join its room again. */
  onReconnected?: () => void;
}

/** What a call needs from signaling; {@link SignalingClient} is the real one. */
export interface SignalingChannel {
  connect(): Promise<void>;
  join(room: string, username: string): Promise<JoinResult>;
  /** Sets the passcode the next join of this connection uses (`null`: an open room). */
  unlock(passcode: string | null): Promise<SignalingError | null>;
  /** Takes the seat back after a reload: the others negotiate a new peer connection. */
  rejoin(room: string, username: string, resumeToken: string): Promise<JoinResult>;
  /** Takes the seat back after a dropped hub connection, keeping the peer connection that still runs. */
  resume(room: string, username: string, resumeToken: string): Promise<JoinResult>;
  /**
   * Sends a message to one peer of the room without waiting for an answer (the hub's `Relay`); resolves once
   * the message is on its way. A refusal arrives later through {@link SignalingHandlers.onRefused}.
   */
  send(to: string, message: SignalMessage): Promise<void>;
  leave(): Promise<SignalingError | null>;
  disconnect(): Promise<void>;
  /** Subscribes to hub events; returns the matching unsubscribe. */
  subscribe(handlers: SignalingHandlers): () => void;
}

/**
 * Parley's signaling hub client: typed `Join`/`Rejoin`/`Resume`/`Relay`/`Leave` calls, and `Ready`/
 * `Data`/`PeerReconnecting`/`PeerLeft`/`Refused` events whose arguments are checked before they reach a handler.
 */
export class SignalingClient implements SignalingChannel {
  private readonly connection: HubConnectionLike;
  private readonly closeHandlers = new Set<(error: Error | undefined) => void>();
  private readonly reconnectingHandlers = new Set<() => void>();
  private readonly reconnectedHandlers = new Set<() => void>();
  private stopping = false;
  private moving = false;
  private starting: Promise<void> | null = null;

  constructor(connection: HubConnectionLike) {
    this.connection = connection;
    // A draining server asks its clients to move: a new connection lands on another node behind the load balancer.
    this.connection.on(SERVER_RECONNECT_EVENT, () => void this.reconnectElsewhere());
    this.connection.onclose((error) => {
      if (this.stopping || this.moving) {
        return;
      }
      for (const handler of [...this.closeHandlers]) {
        handler(error);
      }
    });
    this.connection.onreconnecting(() => {
      for (const handler of [...this.reconnectingHandlers]) {
        handler();
      }
    });
    this.connection.onreconnected(() => {
      for (const handler of [...this.reconnectedHandlers]) {
        handler();
      }
    });
  }

  /** Opens the connection; one opened ahead of time (while the pre-join screen was shown) is joined, not restarted. */
  connect(): Promise<void> {
    if (this.starting === null || this.connection.state === 'Disconnected') {
      this.starting = this.connection.start();
    }
    return this.starting;
  }

  /** Whether the connection is up or on its way up: not stopped, dropped or reconnecting. */
  get isOpen(): boolean {
    return !this.stopping && (this.connection.state === 'Connected' || this.connection.state === 'Connecting');
  }

  async join(room: string, username: string): Promise<JoinResult> {
    return parseJoinResult(await this.connection.invoke('Join', room, username));
  }

  async rejoin(room: string, username: string, resumeToken: string): Promise<JoinResult> {
    return parseJoinResult(await this.connection.invoke('Rejoin', room, username, resumeToken));
  }

  async unlock(passcode: string | null): Promise<SignalingError | null> {
    return parseResultError(await this.connection.invoke('Unlock', passcode));
  }

  async resume(room: string, username: string, resumeToken: string): Promise<JoinResult> {
    return parseJoinResult(await this.connection.invoke('Resume', room, username, resumeToken));
  }

  send(to: string, message: SignalMessage): Promise<void> {
    return this.connection.send('Relay', encodeSignalMessage(message), to);
  }

  async leave(): Promise<SignalingError | null> {
    return parseResultError(await this.connection.invoke('Leave'));
  }

  disconnect(): Promise<void> {
    this.stopping = true;
    return this.connection.stop();
  }

  /**
   * Closes this connection and opens a new one, reporting it to subscribers exactly like an automatic
   * reconnection (reconnecting, then reconnected: they rejoin their room), or as closed if every retry fails.
   */
  private async reconnectElsewhere(): Promise<void> {
    if (this.stopping || this.moving) {
      return;
    }
    this.moving = true;
    for (const handler of [...this.reconnectingHandlers]) {
      handler();
    }
    let failure: Error | undefined;
    try {
      await this.connection.stop();
      const started = Date.now();
      for (let retry = 0; ; retry++) {
        try {
          await this.connection.start();
          break;
        } catch (error) {
          const delay = nextReconnectDelay({ previousRetryCount: retry + 1, elapsedMilliseconds: Date.now() - started });
          if (delay === null || this.stopping) {
            failure = error instanceof Error ? error : new Error(String(error));
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    } finally {
      this.moving = false;
    }
    if (this.stopping) {
      return;
    }
    const handlers = failure === undefined ? [...this.reconnectedHandlers] : [];
    for (const handler of handlers) {
      handler();
    }
    if (failure !== undefined) {
      for (const handler of [...this.closeHandlers]) {
        handler(failure);
      }
    }
  }

  subscribe(handlers: SignalingHandlers): () => void {
    const onReady = (argument: unknown): void => {
      const peer = parseReadyPeer(argument);
      if (peer !== null) {
        handlers.onReady?.(peer);
      }
    };
    const onData = (argument: unknown): void => {
      const event = parseDataEvent(argument);
      if (event !== null) {
        handlers.onData?.(event);
      }
    };
    const onPeerReconnecting = (argument: unknown): void => {
      const peer = parsePeerInfo(argument);
      if (peer !== null) {
        handlers.onPeerReconnecting?.(peer);
      }
    };
    const onPeerLeft = (argument: unknown): void => {
      const peer = parsePeerInfo(argument);
      if (peer !== null) {
        handlers.onPeerLeft?.(peer);
      }
    };
    const onRefused = (argument: unknown): void => {
      const refusal = parseRefusedCall(argument);
      if (refusal !== null) {
        handlers.onRefused?.(refusal);
      }
    };
    const onClose = (error: Error | undefined): void => handlers.onClose?.(error);
    const onReconnecting = (): void => handlers.onReconnecting?.();
    const onReconnected = (): void => handlers.onReconnected?.();

    this.connection.on('Ready', onReady);
    this.connection.on('Data', onData);
    this.connection.on('PeerReconnecting', onPeerReconnecting);
    this.connection.on('PeerLeft', onPeerLeft);
    this.connection.on('Refused', onRefused);
    this.closeHandlers.add(onClose);
    this.reconnectingHandlers.add(onReconnecting);
    this.reconnectedHandlers.add(onReconnected);
    return () => {
      this.reconnectingHandlers.delete(onReconnecting);
      this.reconnectedHandlers.delete(onReconnected);
      this.connection.off('Ready', onReady);
      this.connection.off('Data', onData);
      this.connection.off('PeerReconnecting', onPeerReconnecting);
      this.connection.off('PeerLeft', onPeerLeft);
      this.connection.off('Refused', onRefused);
      this.closeHandlers.delete(onClose);
    };
  }
}
