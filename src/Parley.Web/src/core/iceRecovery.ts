/** How long `disconnected` may last before an ICE restart: ICE often recovers by itself sooner. */
export const DISCONNECTED_GRACE_MS = 3000;
/** How long a restart gets to succeed before the next one. */
export const RESTART_RETRY_MS = 8000;
/**
 * How long a new connection may stand still before ICE is restarted (and again every `retryMs` until it has come up).
 * A connection that never got a candidate of the other side through (a gathering that never produced one, a TURN
 * allocation that failed, a message lost) stays ICE `new` for good, and one whose ICE is up may never finish DTLS:
 * neither `failed` nor `disconnected` ever comes. A restart gathers again on both sides and sends everything anew.
 * ICE that is `checking` is left to its own verdict: a path that does not exist must end `failed`, which the call
 * screen tells.
 */
export const SETUP_TIMEOUT_MS = 12_000;

export interface IceRecoveryOptions {
  /** The connection's current `iceConnectionState`. */
  state: () => RTCIceConnectionState;
  /**
   * Whether the connection is up as a whole (`connectionState`, which DTLS is part of); by default, whether ICE is.
   * Until it first is, the setup deadline stands.
   */
  connected?: () => boolean;
  /** Starts an ICE restart (`restartIce()`, whose new offer goes out through signaling). */
  restart: () => void;
  disconnectedGraceMs?: number;
  retryMs?: number;
  setupTimeoutMs?: number;
}

/**
 * Watches one connection's ICE state and restarts ICE when it is `failed`, `disconnected` for
 * longer than a grace period, or standing still short of connected `setupTimeoutMs` after it was
 * created (see {@link SETUP_TIMEOUT_MS}); while the connection stays broken it tries again every
 * `retryMs` (a restart offer may be lost while signaling is down too). Call {@link update} on every
 * `iceconnectionstatechange`.
 */
export class IceRecovery {
  private readonly options: IceRecoveryOptions;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private setupTimer: ReturnType<typeof setTimeout> | null;
  private restartsValue = 0;
  private disposed = false;

  constructor(options: IceRecoveryOptions) {
    this.options = options;
    this.setupTimer = this.awaitSetup(options.setupTimeoutMs ?? SETUP_TIMEOUT_MS);
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
      case 'new':
      case 'checking':
        // A restart in progress keeps its retry timer, a connection being set up its deadline.
        return;
      default:
        // connected, completed, closed.
        if (this.isConnected()) {
          this.clearSetup();
        }
        this.clear();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.clearSetup();
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
      if (!this.disposed && state !== 'connected' && state !== 'completed' && state !== 'closed') {
        this.restartNow();
      }
    }, delayMs);
  }

  /** Restarts ICE after `delayMs`, and every `retryMs` after that, while the connection stands still short of up. */
  private awaitSetup(delayMs: number): ReturnType<typeof setTimeout> {
    return setTimeout(() => {
      this.setupTimer = null;
      if (this.disposed || this.isConnected()) {
        return;
      }
      const state = this.options.state();
      const standingStill = state === 'new' || state === 'connected' || state === 'completed';
      if (standingStill && this.timer === null) {
        // With a timer, a restart of the recovery's own is running and keeps its retry.
        this.restartNow();
      }
      this.setupTimer = this.awaitSetup(this.options.retryMs ?? RESTART_RETRY_MS);
    }, delayMs);
  }

  private isConnected(): boolean {
    if (this.options.connected !== undefined) {
      return this.options.connected();
    }
    const state = this.options.state();
    return state === 'connected' || state === 'completed';
  }

  private clearSetup(): void {
    if (this.setupTimer !== null) {
      clearTimeout(this.setupTimer);
      this.setupTimer = null;
    }
  }

  private clear(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
