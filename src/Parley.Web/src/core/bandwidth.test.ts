import { describe, expect, it } from 'vitest';
import { AUDIO_KBPS, CAMERA_BESIDE_SCREEN_KBPS, UPLINK_BUDGET_KBPS, planSending, plannedUplinkKbps } from './bandwidth';

const camera = (peers: number, captureHeight: number | null = 720) =>
  planSending({ peers, sendingScreen: false, othersSharingScreen: false, captureHeight });

describe('planSending', () => {
  it.each([1, 2, 3, 4, 5, 6, 7])('keeps the whole uplink within the budget with %i other people', (peers) => {
    const plan = camera(peers);
    expect(plannedUplinkKbps(plan, peers)).toBeLessThanOrEqual(UPLINK_BUDGET_KBPS);
    expect(plannedUplinkKbps(plan, peers)).toBeGreaterThan(UPLINK_BUDGET_KBPS - peers);
    expect(plan.audio.maxBitrateKbps).toBe(AUDIO_KBPS);
  });

  it('sends a camera smaller as the room grows, never larger than captured', () => {
    expect([1, 2, 4, 7].map((peers) => camera(peers).video.scaleResolutionDownBy)).toEqual([1, 1.33, 2, 2.67]);
    expect(camera(1, 360).video.scaleResolutionDownBy).toBe(1);
    expect(camera(7, null).video.scaleResolutionDownBy).toBe(2.67);
  });

  it('gives a shared screen its full resolution and the video share, and makes cameras yield to someone else’s screen', () => {
    const screen = planSending({ peers: 3, sendingScreen: true, othersSharingScreen: false, captureHeight: 1080 });
    expect(screen.video).toEqual({ maxBitrateKbps: camera(3).video.maxBitrateKbps, scaleResolutionDownBy: 1, priority: 'high' });

    const beside = planSending({ peers: 3, sendingScreen: false, othersSharingScreen: true, captureHeight: 720 });
    expect(beside.video.maxBitrateKbps).toBe(CAMERA_BESIDE_SCREEN_KBPS);
    expect(beside.video.priority).toBe('low');
    expect(beside.video.scaleResolutionDownBy).toBeGreaterThanOrEqual(2);
  });

  it('follows a budget of its own', () => {
    expect(plannedUplinkKbps(planSending({ peers: 2, sendingScreen: false, othersSharingScreen: false, captureHeight: 720, budgetKbps: 1000 }), 2)).toBe(1000);
  });
});
