import { mediaConstraints } from './devices';
import type { MediaChoice } from './devices';
import { classifyMediaError } from './mediaErrors';
import type { MediaFailure } from './mediaErrors';
import type { StreamLike, TrackLike } from './peerSession';

export type DeviceKind = 'audio' | 'video';

/** A problem with a control (a device switch, a screen share), shown until the next one succeeds. */
export type MediaNotice =
  | { readonly code: 'no-device-to-switch'; readonly kind: DeviceKind }
  | { readonly code: 'device-failed'; readonly failure: MediaFailure }
  | { readonly code: 'device-silent' }
  | { readonly code: 'screen-share-unsupported' }
  | { readonly code: 'screen-share-needs-camera' }
  | { readonly code: 'screen-share-failed'; readonly failure: MediaFailure };

export interface LocalMediaState<S> {
  /** The camera and microphone of this call; `null` before they are open, and for receive only. */
  readonly stream: S | null;
  /** Whether this side has a microphone / camera in the call at all (audio-only, receive-only). */
  readonly hasMicrophone: boolean;
  readonly hasCamera: boolean;
  readonly microphoneOn: boolean;
  readonly cameraOn: boolean;
  /** The screen being shared instead of the camera, if any. */
  readonly screen: S | null;
  /** Why the devices the call asked for could not be opened: there is no call then. */
  readonly failure: MediaFailure | null;
  readonly notice: MediaNotice | null;
}

/** What each sender of a peer connection should send right now (`null`: nothing at all). */
export interface SendingTracks {
  readonly audio: TrackLike | null;
  readonly video: TrackLike | null;
}

export interface MediaDevices<S> {
  getUserMedia: (constraints: MediaStreamConstraints) => Promise<S>;
  /** Asks the person to pick a screen or window to share; absent where the browser cannot. */
  getDisplayMedia?: () => Promise<S>;
}

/**
 * This side's camera, microphone and screen share in one call: opens the chosen devices (or takes over the
 * preview's), mutes, switches the camera off, swaps devices and shares the screen, and says what to send.
 */
export class LocalMedia<S extends StreamLike> {
  private readonly choice: MediaChoice;
  private readonly devices: MediaDevices<S>;
  private readonly onChange: () => void;
  private stateValue: LocalMediaState<S>;
  private disposed = false;

  constructor(choice: MediaChoice, devices: MediaDevices<S>, onChange: () => void) {
    this.choice = choice;
    this.devices = devices;
    this.onChange = onChange;
    this.stateValue = {
      stream: null,
      hasMicrophone: false,
      hasCamera: false,
      microphoneOn: choice.audio && choice.startMuted !== true,
      cameraOn: choice.video && choice.startCameraOff !== true,
      screen: null,
      failure: null,
      notice: null,
    };
  }

  get state(): LocalMediaState<S> {
    return this.stateValue;
  }

  /**
   * Takes over the preview's stream when it is still live and holds what this call asks for, or opens the
   * devices; `false` when the call cannot go on (the state's `failure` says why, or it was disposed meanwhile).
   */
  async open(preview: S | null): Promise<boolean> {
    const constraints = mediaConstraints(this.choice);
    if (constraints === null) {
      if (preview !== null) {
        stopTracks(preview);
      }
      this.update({ microphoneOn: false, cameraOn: false });
      return true;
    }
    let stream: S;
    if (preview !== null && fits(preview, constraints)) {
      stream = preview;
    } else {
      if (preview !== null) {
        stopTracks(preview);
      }
      try {
        stream = await this.devices.getUserMedia(constraints);
      } catch (error) {
        this.update({ failure: classifyMediaError(error) });
        return false;
      }
    }
    if (this.disposed) {
      stopTracks(stream);
      return false;
    }
    const audio = findTrack(stream, 'audio');
    const video = findTrack(stream, 'video');
    if (audio !== undefined) {
      audio.enabled = this.stateValue.microphoneOn;
    }
    if (video !== undefined) {
      video.enabled = this.stateValue.cameraOn;
    }
    this.update({
      stream,
      hasMicrophone: audio !== undefined,
      hasCamera: video !== undefined,
      microphoneOn: audio !== undefined && this.stateValue.microphoneOn,
      cameraOn: video !== undefined && this.stateValue.cameraOn,
    });
    return true;
  }

  /** Mutes or unmutes; a muted microphone is not sent at all (see {@link sending}). */
  setMicrophoneOn(on: boolean): void {
    const track = this.track('audio');
    if (track !== undefined) {
      track.enabled = on;
      this.update({ microphoneOn: on });
    }
  }

  /** Switches the camera on or off; off sends nothing and blanks your preview. */
  setCameraOn(on: boolean): void {
    const track = this.track('video');
    if (track !== undefined) {
      track.enabled = on;
      this.update({ cameraOn: on });
    }
  }

  /** Uses another camera or microphone from now on; the new device is opened before the old one is stopped. */
  async switchDevice(kind: DeviceKind, deviceId: string): Promise<MediaNotice | null> {
    const local = this.stateValue.stream;
    const old = this.track(kind);
    if (local === null || old === undefined) {
      return { code: 'no-device-to-switch', kind };
    }
    const exact = { deviceId: { exact: deviceId } };
    let fresh: S;
    try {
      fresh = await this.devices.getUserMedia(kind === 'audio' ? { audio: exact } : { video: exact });
    } catch (error) {
      return this.notify({ code: 'device-failed', failure: classifyMediaError(error) });
    }
    const track = findTrack(fresh, kind);
    if (track === undefined || this.disposed) {
      stopTracks(fresh);
      return track === undefined ? this.notify({ code: 'device-silent' }) : null;
    }
    track.enabled = kind === 'audio' ? this.stateValue.microphoneOn : this.stateValue.cameraOn;
    local.removeTrack(old);
    old.stop();
    local.addTrack(track);
    this.update({ notice: null });
    return null;
  }

  /** Shares a screen or window instead of the camera; stopping it brings the camera back. */
  async startScreenShare(): Promise<MediaNotice | null> {
    if (this.devices.getDisplayMedia === undefined) {
      return this.notify({ code: 'screen-share-unsupported' });
    }
    if (this.track('video') === undefined) {
      return this.notify({ code: 'screen-share-needs-camera' });
    }
    let screen: S;
    try {
      screen = await this.devices.getDisplayMedia();
    } catch (error) {
      return this.notify({ code: 'screen-share-failed', failure: classifyMediaError(error) });
    }
    const track = findTrack(screen, 'video');
    if (track === undefined || this.disposed) {
      stopTracks(screen);
      return null;
    }
    this.stopScreen();
    // The browser's own "Stop sharing" ends the track.
    track.addEventListener?.('ended', () => {
      if (this.stateValue.screen === screen) {
        this.stopScreenShare();
      }
    });
    this.update({ screen, notice: null });
    return null;
  }

  stopScreenShare(): void {
    this.stopScreen();
    this.update({ screen: null });
  }

  /** The screen instead of the camera while sharing; nothing for a muted microphone or a camera switched off. */
  sending(): SendingTracks {
    const { microphoneOn, cameraOn, screen } = this.stateValue;
    const audio = this.track('audio');
    const video = this.track('video');
    const shared = screen === null ? undefined : findTrack(screen, 'video');
    return {
      audio: microphoneOn && audio !== undefined ? audio : null,
      video: shared ?? (cameraOn && video !== undefined ? video : null),
    };
  }

  /** Stops the camera, microphone and screen share; a device still opening is stopped once it opens. */
  dispose(): void {
    this.stopScreen();
    if (this.stateValue.stream !== null) {
      stopTracks(this.stateValue.stream);
    }
    this.disposed = true;
  }

  private track(kind: DeviceKind): TrackLike | undefined {
    const stream = this.stateValue.stream;
    return stream === null ? undefined : findTrack(stream, kind);
  }

  private stopScreen(): void {
    if (this.stateValue.screen !== null) {
      stopTracks(this.stateValue.screen);
    }
  }

  private notify(notice: MediaNotice): MediaNotice {
    this.update({ notice });
    return notice;
  }

  private update(change: Partial<LocalMediaState<S>>): void {
    if (!this.disposed) {
      this.stateValue = { ...this.stateValue, ...change };
      this.onChange();
    }
  }
}

export function findTrack(stream: StreamLike, kind: string): TrackLike | undefined {
  return stream.getTracks().find((track) => track.kind === kind);
}

export function stopTracks(stream: StreamLike): void {
  for (const track of stream.getTracks()) {
    track.stop();
  }
}

/** Whether a stream still captures, and holds a track of each kind the constraints ask for and no other. */
function fits(stream: StreamLike, constraints: MediaStreamConstraints): boolean {
  const tracks = stream.getTracks();
  const wants = (kind: DeviceKind): boolean => constraints[kind] !== undefined && constraints[kind] !== false;
  return (
    tracks.every((track) => track.readyState !== 'ended') &&
    (['audio', 'video'] as const).every((kind) => wants(kind) === tracks.some((track) => track.kind === kind))
  );
}
