/**
 * How much each sender may send to each peer so that one person's uplink adds up to a budget whatever the room's
 * size: in a mesh every other person gets a copy of the camera and microphone, so the budget is split between them.
 */

/** One person's whole uplink (kbit/s): what a home connection's upstream or a phone on 4G carries comfortably. */
export const UPLINK_BUDGET_KBPS = 2500;
/** Opus speech sits at about 32 kbit/s; a little headroom keeps it from ever being the one that gives. */
export const AUDIO_KBPS = 40;
/**
 * A camera's ceiling (kbit/s) while someone else shares a screen: the screen needs the receivers' downlink more
 * than a face does, so cameras yield to it.
 */
export const CAMERA_BESIDE_SCREEN_KBPS = 300;

/** What one encoding of one sender may use. */
export interface SendLimits {
  readonly maxBitrateKbps: number;
  /** Divides the captured width and height; 1 sends them as captured. */
  readonly scaleResolutionDownBy: number;
  /** The share of the connection's bandwidth this encoding gets before the others when the path is short of it. */
  readonly priority: RTCPriorityType;
}

/** The limits of each kind of sender on the connection to each peer (every peer gets the same). */
export interface SendingPlan {
  readonly audio: SendLimits;
  readonly video: SendLimits;
}

export interface SendingSituation {
  /** How many other people this side sends to. */
  readonly peers: number;
  /** The video sender carries a shared screen rather than the camera. */
  readonly sendingScreen: boolean;
  /** Someone else in the room shares a screen. */
  readonly othersSharingScreen: boolean;
  /** The height of what the video sender captures, if known (camera or screen). */
  readonly captureHeight: number | null;
  readonly budgetKbps?: number;
}

/** Picture heights that look sharp at a given bitrate (kbit/s) for a camera at 30 frames a second. */
const CAMERA_HEIGHTS: ReadonlyArray<readonly [minKbps: number, height: number]> = [
  [1500, 720],
  [800, 540],
  [450, 360],
  [250, 270],
  [0, 180],
];

/** The camera's assumed height when the browser does not say (the common default of 720p webcams). */
const ASSUMED_CAPTURE_HEIGHT = 720;

/** Splits the uplink budget between the peers: audio first, then the rest to video, a screen before a camera. */
export function planSending(situation: SendingSituation): SendingPlan {
  const peers = Math.max(1, situation.peers);
  const budget = situation.budgetKbps ?? UPLINK_BUDGET_KBPS;
  const audio: SendLimits = { maxBitrateKbps: AUDIO_KBPS, scaleResolutionDownBy: 1, priority: 'high' };
  const videoKbps = Math.max(50, Math.floor((budget - peers * AUDIO_KBPS) / peers));
  if (situation.sendingScreen) {
    // Text on a screen is unreadable once scaled down: it keeps its resolution and gives up frames instead.
    return { audio, video: { maxBitrateKbps: videoKbps, scaleResolutionDownBy: 1, priority: 'high' } };
  }
  const cameraKbps = situation.othersSharingScreen ? Math.min(videoKbps, CAMERA_BESIDE_SCREEN_KBPS) : videoKbps;
  const height = CAMERA_HEIGHTS.find(([minKbps]) => cameraKbps >= minKbps)?.[1] ?? 180;
  const captured = situation.captureHeight ?? ASSUMED_CAPTURE_HEIGHT;
  const scale = Math.max(1, Math.round((captured / height) * 100) / 100);
  return {
    audio,
    video: {
      maxBitrateKbps: cameraKbps,
      scaleResolutionDownBy: scale,
      priority: situation.othersSharingScreen ? 'low' : 'medium',
    },
  };
}

/** The whole uplink a plan allows: what each peer may get, times the peers. */
export function plannedUplinkKbps(plan: SendingPlan, peers: number): number {
  return (plan.audio.maxBitrateKbps + plan.video.maxBitrateKbps) * peers;
}
