/**
 * Who is speaking, from audio levels sampled a few times a second (0 silence … 1 full scale, as
 * `RTCRtpReceiver.getSynchronizationSources()` gives them). A voice has gaps between words: a speaker stays speaking
 * for {@link SPEAKING_HOLD_MS} after the last loud sample, and the active speaker changes only when someone else has
 * spoken louder for a while, so the highlight does not jump on every cough.
 */

/** Above this level a sample counts as speech (about −40 dBov; a quiet room is well below it). */
export const SPEAKING_LEVEL = 0.01;
export const SPEAKING_HOLD_MS = 1200;
/** How long someone must out-speak the active speaker to take the highlight. */
export const ACTIVE_SWITCH_MS = 800;

export interface SpeakersView {
  /** The peer ids of those speaking now. */
  readonly speaking: ReadonlySet<string>;
  /** The one speaking most lately, highlighted until someone else speaks (`null` before anyone has). */
  readonly active: string | null;
}

export class SpeakerDetector {
  private readonly lastLoud = new Map<string, number>();
  /** A smoothed level per peer: how loud they have been lately. */
  private readonly energy = new Map<string, number>();
  private activeValue: string | null = null;
  private challenger: { peerId: string; since: number } | null = null;
  private viewValue: SpeakersView = { speaking: new Set(), active: null };

  get view(): SpeakersView {
    return this.viewValue;
  }

  /** Takes one round of samples (peer id → level) taken at `now` (ms); returns whether the view changed. */
  update(levels: ReadonlyMap<string, number>, now: number): boolean {
    for (const peerId of [...this.energy.keys()]) {
      if (!levels.has(peerId)) {
        this.energy.delete(peerId);
        this.lastLoud.delete(peerId);
      }
    }
    for (const [peerId, level] of levels) {
      this.energy.set(peerId, (this.energy.get(peerId) ?? 0) * 0.6 + level * 0.4);
      if (level >= SPEAKING_LEVEL) {
        this.lastLoud.set(peerId, now);
      }
    }
    const speaking = new Set(
      [...this.lastLoud].filter(([, at]) => now - at <= SPEAKING_HOLD_MS).map(([peerId]) => peerId),
    );
    this.pickActive(speaking, now);
    const before = this.viewValue;
    const changed =
      before.active !== this.activeValue ||
      before.speaking.size !== speaking.size ||
      [...speaking].some((peerId) => !before.speaking.has(peerId));
    if (changed) {
      this.viewValue = { speaking, active: this.activeValue };
    }
    return changed;
  }

  private pickActive(speaking: ReadonlySet<string>, now: number): void {
    if (this.activeValue !== null && !this.energy.has(this.activeValue)) {
      this.activeValue = null;
    }
    const loudest = [...speaking].sort((a, b) => (this.energy.get(b) ?? 0) - (this.energy.get(a) ?? 0))[0];
    if (loudest === undefined || loudest === this.activeValue) {
      this.challenger = null;
      return;
    }
    if (this.activeValue === null || !speaking.has(this.activeValue)) {
      this.activeValue = loudest;
      this.challenger = null;
      return;
    }
    if (this.challenger?.peerId !== loudest) {
      this.challenger = { peerId: loudest, since: now };
    } else if (now - this.challenger.since >= ACTIVE_SWITCH_MS) {
      this.activeValue = loudest;
      this.challenger = null;
    }
  }
}
