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
/**
 * The longest wait between two setup restarts: each waits twice the one before, from `retryMs`. A browser short of CPU
 * may take seconds to open a new connection's sockets, and every restart throws away those not yet open; waiting
 * longer each time lets them open at last.
 */
export const MAX_SETUP_RETRY_MS = 64_000;

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
  /**
   * Replaces the whole connection. Without it a connection standing still is restarted again and again; with it, a
   * connection still standing still a `retryMs` after the setup deadline's restart is handed to it, and the watch
   * ends. A restart gathers and sends candidates anew, but does not redo a DTLS handshake that never ended (ICE up,
   * the connection not): a new connection does.
   */
  replace?: () => void;
  /**
   * Whether this side's own gathering still waits for its first UDP socket (its browser is slow): the replacement,
   * which would only start that wait over, is then put off by one more restart, once.
   */
  gatheringPending?: () => boolean;
  disconnectedGraceMs?: number;
  retryMs?: number;
  setupTimeoutMs?: number;
}

/** What the one timer of an {@link IceRecovery} waits for. */
type Waiting = 'setup' | 'grace' | 'retry';

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
  private waiting: Waiting | null = null;
  /** Whether the connection has been up as a whole once: the setup deadline is behind it. */
  private up = false;
  private restartedInSetup = false;
  /** Whether the replacement has already been put off once for this side's own pending gathering. */
  private waitedForGathering = false;
  private setupRetryMs: number;
  private restartsValue = 0;
  private disposed = false;

  constructor(options: IceRecoveryOptions) {
    this.options = options;
    this.setupRetryMs = this.retryMs;
    this.wait('setup', options.setupTimeoutMs ?? SETUP_TIMEOUT_MS);
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
        this.restartNow('retry');
        return;
      case 'disconnected':
        // A restart running keeps its retry; a connection being set up trades its deadline for the grace.
        if (this.waiting !== 'grace' && this.waiting !== 'retry') {
          this.wait('grace', this.options.disconnectedGraceMs ?? DISCONNECTED_GRACE_MS);
        }
        return;
      case 'new':
      case 'checking':
        return;
      default:
        // connected, completed, closed: ICE is up. Until the whole connection has been up once, the deadline stands.
        if (this.isConnected()) {
          this.up = true;
        }
        if (this.up) {
          this.clear();
        } else if (this.waiting !== 'setup') {
          this.wait('setup', this.retryMs);
        }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }

  private expired(waited: Waiting): void {
    if (this.disposed) {
      return;
    }
    if (this.isConnected()) {
      this.up = true;
      return;
    }
    const state = this.options.state();
    const iceUp = state === 'connected' || state === 'completed' || state === 'closed';
    if (waited !== 'setup') {
      if (!iceUp) {
        this.restartNow('retry');
      } else if (!this.up) {
        this.wait('setup', this.retryMs);
      }
      return;
    }
    if (state !== 'new' && !iceUp) {
      // Checking: ICE gives its own verdict.
      this.wait('setup', this.retryMs);
      return;
    }
    if (this.restartedInSetup && this.options.replace !== undefined) {
      if (this.waitedForGathering || this.options.gatheringPending?.() !== true) {
        this.dispose();
        this.options.replace();
        return;
      }
      // Once only: a gathering that produced nothing through two restarts may never produce anything.
      this.waitedForGathering = true;
    }
    this.restartedInSetup = true;
    this.restartNow('setup', this.setupRetryMs);
    this.setupRetryMs = Math.min(this.setupRetryMs * 2, MAX_SETUP_RETRY_MS);
  }

  private restartNow(then: Waiting, delayMs = this.retryMs): void {
    this.restartsValue += 1;
    this.options.restart();
    this.wait(then, delayMs);
  }

  private wait(what: Waiting, delayMs: number): void {
    this.clear();
    this.waiting = what;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.waiting = null;
      this.expired(what);
    }, delayMs);
  }

  private get retryMs(): number {
    return this.options.retryMs ?? RESTART_RETRY_MS;
  }

  private isConnected(): boolean {
    if (this.options.connected !== undefined) {
      return this.options.connected();
    }
    const state = this.options.state();
    return state === 'connected' || state === 'completed';
  }

  private clear(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.waiting = null;
  }
}
