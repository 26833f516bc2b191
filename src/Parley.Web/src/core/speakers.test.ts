import { describe, expect, it } from 'vitest';
import { ACTIVE_SWITCH_MS, SPEAKING_HOLD_MS, SpeakerDetector } from './speakers';

const levels = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('SpeakerDetector', () => {
  it('marks a peer speaking from a loud sample, keeps it through the gaps between words, then lets it go', () => {
    const detector = new SpeakerDetector();
    expect(detector.update(levels({ ada: 0.2, bob: 0 }), 0)).toBe(true);
    expect([...detector.view.speaking]).toEqual(['ada']);
    expect(detector.view.active).toBe('ada');

    detector.update(levels({ ada: 0, bob: 0 }), SPEAKING_HOLD_MS - 100);
    expect(detector.view.speaking.has('ada')).toBe(true);
    detector.update(levels({ ada: 0, bob: 0 }), SPEAKING_HOLD_MS + 100);
    expect(detector.view.speaking.size).toBe(0);
    // The last one who spoke stays highlighted while nobody speaks.
    expect(detector.view.active).toBe('ada');
  });

  it('hands the highlight to someone else only once they have out-spoken the active speaker for a while', () => {
    const detector = new SpeakerDetector();
    detector.update(levels({ ada: 0.1, bob: 0 }), 0);
    detector.update(levels({ ada: 0.1, bob: 0.6 }), 150);
    expect(detector.view.active).toBe('ada');
    detector.update(levels({ ada: 0.1, bob: 0.6 }), 150 + ACTIVE_SWITCH_MS);
    expect(detector.view.active).toBe('bob');
  });

  it('forgets a peer who left', () => {
    const detector = new SpeakerDetector();
    detector.update(levels({ ada: 0.3 }), 0);
    detector.update(levels({}), 150);
    expect(detector.view).toEqual({ speaking: new Set(), active: null });
  });
});
