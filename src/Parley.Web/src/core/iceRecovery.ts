/** How long `disconnected` may last before an ICE restart: ICE often recovers by itself sooner. */
export const DISCONNECTED_GRACE_MS = 3000;
/** How long a restart gets to succeed before the next one. */
export const RESTART_RETRY_MS = 8000;

export interface IceRecoveryOptions {
  /** The connection's current `iceConnectionState`. */
  state: () => RTCIceConnectionState;
  /** Starts an ICE restart (`restartIce()`, whose new offer goes out through signaling). */
  restart: () => void;
  disconnectedGraceMs?: number;
  retryMs?: number;
}

/**
 * Watches one connection's ICE state and restarts ICE when it is `failed`, or `disconnected` for
 * longer than a grace period; while the connection stays broken it tries again every `retryMs`
 * (a restart offer may be lost while signaling is down too). Call {@link update} on every
 * `iceconnectionstatechange`.
 */
export class IceRecovery {
  private readonly options: IceRecoveryOptions;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private restartsValue = 0;
  private disposed = false;

  constructor(options: IceRecoveryOptions) {
    this.options = options;
  }

  /** How many restarts this watcher started. */
  get restarts(): number {
    return this.restartsValue;
  }

  update(): void {
    if (this.disposed) {
      return;
    }
    switch (this.options.state()) {
      case 'failed':
        this.clear();
        this.restartNow();
        return;
      case 'disconnected':
        if (this.timer === null) {
          this.schedule(this.options.disconnectedGraceMs ?? DISCONNECTED_GRACE_MS);
        }
        return;
      case 'checking':
        // A restart in progress keeps its retry timer; nothing to start.
        return;
      default:
        // new, connected, completed, closed.
        this.clear();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }

  private restartNow(): void {
    this.restartsValue += 1;
    this.options.restart();
    this.schedule(this.options.retryMs ?? RESTART_RETRY_MS);
  }

  private schedule(delayMs: number): void {
    this.clear();
    this.timer = setTimeout(() => {
      this.timer = null;
      const state = this.options.state();
      if (!this.disposed && (state === 'disconnected' || state === 'failed' || state === 'checking')) {
        this.restartNow();
      }
    }, delayMs);
  }

  private clear(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
