import type { SocketSignalingClient } from './socketSignaling';

/**
 * A signaling connection the pre-join screen opens ahead of Join, so that Join need not wait for it to open. It is
 * opened on {@link open} (at load where nearly every visitor joins, on the first touch of the form elsewhere), handed
 * to the call by {@link take}, and closed by {@link close} if nobody took it.
 */
export class EarlySignalingConnection {
  private readonly create: () => SocketSignalingClient;
  private client: SocketSignalingClient | null = null;
  private taken = false;
  private closed = false;

  constructor(create: () => SocketSignalingClient) {
    this.create = create;
  }

  /** Starts opening the connection; only the first call after construction does anything. */
  open(): void {
    if (this.client !== null || this.closed) {
      return;
    }
    const client = this.create();
    this.client = client;
    client.connect().catch(() => {
      // Not handed over then: the call opens a connection of its own, and says why if that fails too.
    });
  }

  /** The connection if it is up or on its way up, for the call to own from now on; else `null` (it opens its own). */
  take(): SocketSignalingClient | null {
    const client = this.client;
    if (client === null || this.taken || this.closed || !client.isOpen) {
      return null;
    }
    this.taken = true;
    return client;
  }

  /** Closes a connection nobody took; after it, {@link open} does nothing. */
  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    if (this.client !== null && !this.taken) {
      this.client.disconnect().catch(() => {
        // Closing a connection nobody used: there is nothing left to do if it fails.
      });
    }
  }
}
