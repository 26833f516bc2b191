/** What the pre-join screen decided about this person's camera, microphone and speaker. */
export interface MediaChoice {
  /** Use a camera at all; without one the call is audio only (or receive only). */
  readonly video: boolean;
  /** Use a microphone at all; with neither, the call is receive only. */
  readonly audio: boolean;
  readonly cameraId?: string;
  readonly microphoneId?: string;
  /** Output device for the remote audio, where the browser has `setSinkId`. */
  readonly speakerId?: string;
  /** Join with the camera open but switched off (nothing is sent until it is switched on). */
  readonly startCameraOff?: boolean;
  /** Join muted. */
  readonly startMuted?: boolean;
}

export const DEFAULT_MEDIA_CHOICE: MediaChoice = { video: true, audio: true };

/** The `getUserMedia` constraints for a choice, or `null` when nothing is to be captured. */
export function mediaConstraints(choice: MediaChoice): MediaStreamConstraints | null {
  if (!choice.video && !choice.audio) {
    return null;
  }
  return {
    video: choice.video ? deviceConstraint(choice.cameraId) : false,
    audio: choice.audio ? deviceConstraint(choice.microphoneId) : false,
  };
}

/** `true` for the default device, or that exact device. */
export function deviceConstraint(deviceId: string | undefined): boolean | MediaTrackConstraints {
  return deviceId === undefined || deviceId === '' ? true : { deviceId: { exact: deviceId } };
}

/** The part of a `MediaDeviceInfo` the device lists use. */
export interface DeviceInfoLike {
  readonly deviceId: string;
  readonly kind: MediaDeviceKind;
  readonly label: string;
}

export interface DeviceOption {
  readonly id: string;
  /** The browser's name for the device; empty until a permission is granted. */
  readonly label: string;
}

export interface DeviceLists {
  readonly cameras: readonly DeviceOption[];
  readonly microphones: readonly DeviceOption[];
  readonly speakers: readonly DeviceOption[];
}

/**
 * Groups `enumerateDevices()` by kind, each device once (browsers list a "default" pseudo-device for audio, and
 * devices without an id until a permission is granted).
 */
export function groupDevices(devices: readonly DeviceInfoLike[]): DeviceLists {
  const pick = (kind: MediaDeviceKind): DeviceOption[] => {
    const seen = new Set<string>();
    const options: DeviceOption[] = [];
    for (const device of devices) {
      if (device.kind !== kind || device.deviceId === '' || seen.has(device.deviceId)) {
        continue;
      }
      seen.add(device.deviceId);
      options.push({ id: device.deviceId, label: device.label });
    }
    return options;
  };
  return {
    cameras: pick('videoinput'),
    microphones: pick('audioinput'),
    speakers: pick('audiooutput'),
  };
}
