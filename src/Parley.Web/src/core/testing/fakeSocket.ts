import type { SocketEvents, SocketFactory, SocketLike } from '../socketSignaling';

/** A message the page sent, parsed back from its JSON. */
export interface SentMessage {
  id?: number;
  call: string;
  args: Array<string | null>;
}

/**
 * Stands in for one browser WebSocket to `/ws/signaling`. Like the browser's, it reports asynchronously
 * (never from inside the factory call) and reports a close only once, whoever closed it.
 */
export class FakeSocket implements SocketLike {
  readonly url: string;
  /** When the page opened it (`Date.now()`, which fake timers move). */
  readonly createdAt = Date.now();
  readonly sent: SentMessage[] = [];
  state: 'connecting' | 'open' | 'closed' = 'connecting';
  /** The close code the page asked for, if it closed the socket itself. */
  closedByPage: number | null = null;
  private readonly events: SocketEvents;

  constructor(url: string, events: SocketEvents) {
    this.url = url;
    this.events = events;
  }

  send(text: string): void {
    if (this.state !== 'open') {
      throw new Error(`send on a ${this.state} socket`);
    }
    this.sent.push(JSON.parse(text) as SentMessage);
  }

  close(code?: number): void {
    if (this.state === 'closed' || this.closedByPage !== null) {
      return;
    }
    this.closedByPage = code ?? 1005;
    queueMicrotask(() => this.finish(code ?? 1005, ''));
  }

  /** The server accepts the upgrade. */
  accept(): void {
    if (this.state === 'connecting') {
      this.state = 'open';
      this.events.open();
    }
  }

  /** The server sends a message: an object goes as its JSON, a string as it is. */
  receive(message: unknown): void {
    this.events.message(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Answers the page's call `id` with `result`. */
  answer(id: number | undefined, result: unknown): void {
    this.receive({ id, result });
  }

  /** Sends an event, as the server does. */
  emit(event: string, arg?: unknown): void {
    this.receive(arg === undefined ? { event } : { event, arg });
  }

  /** The connection fails or drops without the page asking (1006: no close frame, as for a network loss). */
  drop(code = 1006, reason = ''): void {
    this.finish(code, reason);
  }

  /** The call the page sent last with this name. */
  lastCall(call: string): SentMessage {
    const message = [...this.sent].reverse().find((sent) => sent.call === call);
    if (message === undefined) {
      throw new Error(`The page sent no ${call}; it sent ${JSON.stringify(this.sent)}`);
    }
    return message;
  }

  private finish(code: number, reason: string): void {
    if (this.state === 'closed') {
      return;
    }
    this.state = 'closed';
    this.events.close(code, reason);
  }
}

/**
 * Stands in for the server's `/ws/signaling`: hands out {@link FakeSocket}s, accepts each on the next microtask
 * unless {@link holdOpen} is set, and answers calls named in {@link results} by itself.
 */
export class FakeSocketServer {
  readonly sockets: FakeSocket[] = [];
  /** While set, new sockets stay connecting until the test accepts or drops them. */
  holdOpen = false;
  /** While set, new sockets fail before they open, like a server that is down. */
  refuse = false;
  /** What a call is answered with by itself, by call name; calls not named here wait for the test. */
  readonly results = new Map<string, unknown>();

  readonly factory: SocketFactory = (url, events) => {
    const socket = new AnsweringSocket(url, events, this.results);
    this.sockets.push(socket);
    if (this.refuse) {
      queueMicrotask(() => socket.drop());
    } else if (!this.holdOpen) {
      queueMicrotask(() => socket.accept());
    }
    return socket;
  };

  /** The socket opened last. */
  get latest(): FakeSocket {
    const socket = this.sockets.at(-1);
    if (socket === undefined) {
      throw new Error('The page opened no socket');
    }
    return socket;
  }
}

class AnsweringSocket extends FakeSocket {
  private readonly results: ReadonlyMap<string, unknown>;

  constructor(url: string, events: SocketEvents, results: ReadonlyMap<string, unknown>) {
    super(url, events);
    this.results = results;
  }

  override send(text: string): void {
    super.send(text);
    const message = this.sent.at(-1);
    if (message?.id !== undefined && this.results.has(message.call)) {
      const id = message.id;
      const result = this.results.get(message.call);
      queueMicrotask(() => {
        if (this.state === 'open') {
          this.answer(id, result);
        }
      });
    }
  }
}
