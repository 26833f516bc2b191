import type { DataChannelLike } from '../peerSession';

type Listener = () => void;
type MessageListener = (event: { readonly data: unknown }) => void;

/**
 * A stand-in for `RTCDataChannel`. `pair` links two of them: what one sends, the other receives
 * when `flush()` runs (or on its own after a macrotask, with `autoFlush`). `bufferedAmount` grows
 * with every send until the flush, so backpressure can be tested.
 */
export class FakeDataChannel implements DataChannelLike {
  readyState: RTCDataChannelState = 'connecting';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  binaryType: BinaryType = 'blob';
  /** The largest `bufferedAmount` ever reached. */
  peakBufferedAmount = 0;
  readonly sent: Array<string | ArrayBuffer> = [];
  autoFlush = true;
  private peer: FakeDataChannel | null = null;
  private queue: Array<string | ArrayBuffer> = [];
  private flushScheduled = false;
  /** Every listener takes the message event; the others simply ignore it. */
  private readonly listeners = new Map<string, Set<MessageListener>>();

  constructor(
    readonly label: string,
    readonly id: number | null,
  ) {}

  /** Links two channels and opens both. */
  static pair(a: FakeDataChannel, b: FakeDataChannel): void {
    a.peer = b;
    b.peer = a;
    a.open();
    b.open();
  }

  open(): void {
    this.readyState = 'open';
    this.fire('open');
  }

  send(data: string): void;
  send(data: ArrayBuffer): void;
  send(data: string | ArrayBuffer): void {
    if (this.readyState !== 'open') {
      const error = new Error(`send on a ${this.readyState} channel`);
      error.name = 'InvalidStateError';
      throw error;
    }
    this.sent.push(data);
    this.queue.push(data);
    this.bufferedAmount += typeof data === 'string' ? data.length : data.byteLength;
    this.peakBufferedAmount = Math.max(this.peakBufferedAmount, this.bufferedAmount);
    if (this.autoFlush && !this.flushScheduled) {
      this.flushScheduled = true;
      setTimeout(() => this.flush(), 0);
    }
  }

  /** Delivers everything sent so far to the peer and empties the buffer. */
  flush(): void {
    this.flushScheduled = false;
    const queue = this.queue;
    this.queue = [];
    const wasAbove = this.bufferedAmount > this.bufferedAmountLowThreshold;
    this.bufferedAmount = 0;
    for (const data of queue) {
      this.peer?.receive(data);
    }
    if (wasAbove) {
      this.fire('bufferedamountlow');
    }
  }

  receive(data: unknown): void {
    this.fire('message', data);
  }

  addEventListener(type: 'open' | 'close' | 'bufferedamountlow', listener: Listener): void;
  addEventListener(type: 'message', listener: MessageListener): void;
  addEventListener(type: string, listener: MessageListener): void {
    const set = this.listeners.get(type) ?? new Set<MessageListener>();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: 'open' | 'close' | 'bufferedamountlow', listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }

  close(): void {
    if (this.readyState === 'closed') {
      return;
    }
    this.readyState = 'closed';
    this.fire('close');
    const peer = this.peer;
    this.peer = null;
    if (peer !== null) {
      peer.peer = null;
      peer.close();
    }
  }

  listenerCount(type: string): number {
    return this.listeners.get(type)?.size ?? 0;
  }

  private fire(type: string, data?: unknown): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) {
      listener({ data });
    }
  }
}
