import { SignalingEvents, type SignalingCall, type SignalingEvent } from './contract.generated';
import { RECONNECT_GIVE_UP_MS, nextReconnectDelay } from './reconnectSchedule';
import {
  encodeSignalMessage,
  isRecord,
  parseDataEvent,
  parseIceServersRenewal,
  parseJoinResult,
  parsePeerInfo,
  parseReadyPeer,
  parseRefusedCall,
  parseResultError,
} from './signalMessage';
import type { SignalingChannel, SignalingHandlers } from './signalingChannel';
import type { JoinResult, SignalMessage, SignalingError } from './types';

/** Path of the server's signaling WebSocket, on the page's own origin. */
export const SIGNALING_SOCKET_PATH = '/ws/signaling';

/** The event by which a draining server asks its clients to reconnect (through the load balancer, to another node). */
export const SERVER_RECONNECT_EVENT = SignalingEvents.Reconnect;

/** The largest call id the server accepts (2^31 - 1); ids start again at 1 after it. */
const MAX_CALL_ID = 0x7fff_ffff;

/** The close code of a socket the client closes itself (RFC 6455 section 7.4.1: normal closure). */
const NORMAL_CLOSURE = 1000;

/** The signaling socket's URL: the page's own host and port, `wss:` beside an `https:` page, else `ws:`. */
export function signalingSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${SIGNALING_SOCKET_PATH}`;
}

/** What the client does with a socket: a browser `WebSocket`, or a fake in tests. */
export interface SocketLike {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/** What a socket reports: opened, a text message, closed (once, whether it opened or not). */
export interface SocketEvents {
  open(): void;
  message(text: string): void;
  close(code: number, reason: string): void;
}

/** Opens a socket to `url` that reports to `events`; it must not report anything before it returns. */
export type SocketFactory = (url: string, events: SocketEvents) => SocketLike;

/**
 * `connecting`: the first socket is on its way up (`connect()` waits for it); `reconnecting`: a socket dropped,
 * and the client opens new ones on the reconnect schedule; `disconnected`: never connected, given up, or closed.
 */
type ConnectionState = 'disconnected' | 'connecting' | 'open' | 'reconnecting';

interface PendingCall {
  readonly call: SignalingCall;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

/** One socket and what the client knows of it. */
interface SocketAttempt {
  socket: SocketLike | null;
  readonly closed: Promise<void>;
}

const EVENT_NAMES: ReadonlySet<string> = new Set(Object.values(SignalingEvents));

function isSignalingEvent(name: string): name is SignalingEvent {
  return EVENT_NAMES.has(name);
}

function closeMessage(code: number, reason: string): string {
  return `The connection to the server closed (code ${code.toString()}${reason === '' ? '' : `: ${reason}`}).`;
}

/**
 * Parley's signaling client over the plain WebSocket `/ws/signaling`: typed `Join`/`Rejoin`/`Resume`/`Unlock`/
 * `Leave` calls answered by id, `Relay` without one, and `Ready`/`Data`/`PeerReconnecting`/`PeerLeft`/`IceServers`/`Refused`
 * events whose arguments are checked before they reach a handler. A dropped socket is replaced on the
 * {@link nextReconnectDelay} schedule, reported as reconnecting, then reconnected (the caller resumes its seat).
 */
export class SocketSignalingClient implements SignalingChannel {
  private readonly url: string;
  private readonly openSocket: SocketFactory;
  private readonly subscribers = new Set<{ readonly handlers: SignalingHandlers }>();
  private readonly pending = new Map<number, PendingCall>();
  private state: ConnectionState = 'disconnected';
  private attempt: SocketAttempt | null = null;
  private starting: Promise<void> | null = null;
  private settleStart: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private stopping = false;
  private lastCallId = 0;
  private retries = 0;
  private reconnectStartedAt = 0;
  private lastFailure = '';
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(url: string, openSocket: SocketFactory) {
    this.url = url;
    this.openSocket = openSocket;
  }

  /** Opens the connection; one opened ahead of time (while the pre-join screen was shown) is joined, not restarted. */
  connect(): Promise<void> {
    if (this.starting === null || this.state === 'disconnected') {
      this.stopping = false;
      this.state = 'connecting';
      this.starting = new Promise((resolve, reject) => {
        this.settleStart = { resolve, reject };
      });
      this.open();
    }
    return this.starting;
  }

  /** Whether the connection is up or on its way up: not stopped, dropped or reconnecting. */
  get isOpen(): boolean {
    return !this.stopping && (this.state === 'open' || this.state === 'connecting');
  }

  async join(room: string, username: string): Promise<JoinResult> {
    return parseJoinResult(await this.call('Join', [room, username]));
  }

  async rejoin(room: string, username: string, resumeToken: string): Promise<JoinResult> {
    return parseJoinResult(await this.call('Rejoin', [room, username, resumeToken]));
  }

  async unlock(passcode: string | null): Promise<SignalingError | null> {
    return parseResultError(await this.call('Unlock', [passcode]));
  }

  async resume(room: string, username: string, resumeToken: string): Promise<JoinResult> {
    return parseJoinResult(await this.call('Resume', [room, username, resumeToken]));
  }

  send(to: string, message: SignalMessage): Promise<void> {
    const socket = this.openSocketOrNull();
    if (socket === null) {
      return Promise.reject(this.notOpen('Relay'));
    }
    try {
      socket.send(JSON.stringify({ call: 'Relay', args: [encodeSignalMessage(message), to] }));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return Promise.resolve();
  }

  async leave(): Promise<SignalingError | null> {
    return parseResultError(await this.call('Leave', []));
  }

  /** Closes the connection without reconnecting or reporting a close; resolves once the socket has closed. */
  disconnect(): Promise<void> {
    this.stopping = true;
    this.cancelRetry();
    const attempt = this.attempt;
    this.attempt = null;
    const error = new Error('The connection to the server was closed by this page.');
    this.rejectPending(error);
    if (this.state === 'connecting') {
      this.failStart(error);
    }
    this.state = 'disconnected';
    const socket = attempt?.socket ?? null;
    if (attempt === null || socket === null) {
      return Promise.resolve();
    }
    socket.close(NORMAL_CLOSURE);
    return attempt.closed;
  }

  subscribe(handlers: SignalingHandlers): () => void {
    const subscription = { handlers };
    this.subscribers.add(subscription);
    return () => {
      this.subscribers.delete(subscription);
    };
  }

  private open(): void {
    let markClosed: () => void = () => undefined;
    const attempt: SocketAttempt = {
      socket: null,
      closed: new Promise((resolve) => {
        markClosed = resolve;
      }),
    };
    this.attempt = attempt;
    const events: SocketEvents = {
      open: () => {
        if (this.attempt === attempt) {
          this.opened();
        }
      },
      message: (text) => {
        if (this.attempt === attempt) {
          this.received(text);
        }
      },
      close: (code, reason) => {
        markClosed();
        if (this.attempt === attempt) {
          this.attempt = null;
          this.dropped(closeMessage(code, reason));
        }
      },
    };
    try {
      attempt.socket = this.openSocket(this.url, events);
    } catch (error) {
      // The browser refused to even try (a malformed URL, a blocked port): a connection that failed at once.
      const reason = error instanceof Error ? error.message : String(error);
      queueMicrotask(() => events.close(1006, reason));
    }
  }

  private opened(): void {
    if (this.state === 'connecting') {
      this.state = 'open';
      this.settleStart?.resolve();
      this.settleStart = null;
    } else if (this.state === 'reconnecting') {
      this.state = 'open';
      this.notify((handlers) => handlers.onReconnected?.());
    }
  }

  private dropped(message: string): void {
    this.rejectPending(new Error(message));
    this.lastFailure = message;
    switch (this.state) {
      case 'connecting':
        this.state = 'disconnected';
        this.failStart(new Error(message));
        return;
      case 'open':
        this.startReconnecting();
        return;
      case 'reconnecting':
        this.scheduleRetry();
        return;
      case 'disconnected':
        return;
    }
  }

  /**
   * A draining server asks its clients to move: the socket is closed and a new one opened (through the load
   * balancer, on another node), reported to subscribers exactly like a dropped socket coming back.
   */
  private moveElsewhere(): void {
    const attempt = this.attempt;
    if (this.state !== 'open' || attempt === null) {
      return;
    }
    this.attempt = null;
    attempt.socket?.close(NORMAL_CLOSURE);
    this.rejectPending(new Error('The server asked this page to reconnect before it answered.'));
    this.lastFailure = 'The server asked this page to reconnect.';
    this.startReconnecting();
  }

  private startReconnecting(): void {
    this.state = 'reconnecting';
    this.retries = 0;
    this.reconnectStartedAt = Date.now();
    this.notify((handlers) => handlers.onReconnecting?.());
    // A subscriber may have disconnected in the meantime.
    if (this.state === 'reconnecting') {
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    const delay = nextReconnectDelay({
      previousRetryCount: this.retries,
      elapsedMilliseconds: Date.now() - this.reconnectStartedAt,
    });
    if (delay === null) {
      this.state = 'disconnected';
      const error = new Error(
        `Could not reconnect to the server within ${(RECONNECT_GIVE_UP_MS / 1000).toString()} s. ${this.lastFailure}`,
      );
      this.notify((handlers) => handlers.onClose?.(error));
      return;
    }
    this.retries += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  }

  private received(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (!isRecord(message)) {
      return;
    }
    if (typeof message.event === 'string') {
      this.dispatch(message.event, message.arg);
    } else if (typeof message.id === 'number') {
      this.answer(message.id, message);
    }
  }

  /** Settles the call `id`: with its `result`, or, for a top-level `error` (a call the server could not read), an Error. */
  private answer(id: number, message: Record<string, unknown>): void {
    const call = this.pending.get(id);
    if (call === undefined) {
      return;
    }
    this.pending.delete(id);
    const refusal = message.error === undefined || message.error === null ? null : parseResultError(message);
    if (refusal === null) {
      call.resolve(message.result);
    } else {
      call.reject(new Error(`The server refused ${call.call}: ${refusal.message} (${refusal.code})`));
    }
  }

  private dispatch(event: string, argument: unknown): void {
    if (!isSignalingEvent(event)) {
      // An event of a newer server.
      return;
    }
    switch (event) {
      case SERVER_RECONNECT_EVENT:
        this.moveElsewhere();
        return;
      case 'Ready': {
        const peer = parseReadyPeer(argument);
        if (peer !== null) {
          this.notify((handlers) => handlers.onReady?.(peer));
        }
        return;
      }
      case 'Data': {
        const data = parseDataEvent(argument);
        if (data !== null) {
          this.notify((handlers) => handlers.onData?.(data));
        }
        return;
      }
      case 'PeerReconnecting': {
        const peer = parsePeerInfo(argument);
        if (peer !== null) {
          this.notify((handlers) => handlers.onPeerReconnecting?.(peer));
        }
        return;
      }
      case 'PeerLeft': {
        const peer = parsePeerInfo(argument);
        if (peer !== null) {
          this.notify((handlers) => handlers.onPeerLeft?.(peer));
        }
        return;
      }
      case 'IceServers': {
        const renewal = parseIceServersRenewal(argument);
        if (renewal !== null) {
          this.notify((handlers) => handlers.onIceServers?.(renewal));
        }
        return;
      }
      case 'Refused': {
        const refusal = parseRefusedCall(argument);
        if (refusal !== null) {
          this.notify((handlers) => handlers.onRefused?.(refusal));
        }
        return;
      }
      default: {
        // The contract gained an event (contract.generated.ts) that this client does not handle yet.
        const unhandled: never = event;
        return unhandled;
      }
    }
  }

  private call(call: SignalingCall, args: Array<string | null>): Promise<unknown> {
    const socket = this.openSocketOrNull();
    if (socket === null) {
      return Promise.reject(this.notOpen(call));
    }
    this.lastCallId = this.lastCallId >= MAX_CALL_ID ? 1 : this.lastCallId + 1;
    const id = this.lastCallId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { call, resolve, reject });
      try {
        socket.send(JSON.stringify({ id, call, args }));
      } catch (error) {
        this.pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private openSocketOrNull(): SocketLike | null {
    return this.state === 'open' ? (this.attempt?.socket ?? null) : null;
  }

  private notOpen(call: SignalingCall): Error {
    return new Error(`Cannot send ${call}: the connection to the server is not open.`);
  }

  private rejectPending(error: Error): void {
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) {
      call.reject(error);
    }
  }

  private failStart(error: Error): void {
    this.settleStart?.reject(error);
    this.settleStart = null;
  }

  private notify(deliver: (handlers: SignalingHandlers) => void): void {
    for (const subscription of [...this.subscribers]) {
      deliver(subscription.handlers);
    }
  }
}
