import { useCallback, useEffect, useRef, useState } from 'react';
import { groupDevices, mediaConstraints } from '../core/devices';
import type { DeviceLists, MediaChoice } from '../core/devices';
import { classifyMediaError } from '../core/mediaErrors';
import type { MediaFailure } from '../core/mediaErrors';

const NO_DEVICES: DeviceLists = { cameras: [], microphones: [], speakers: [] };

export interface MediaPreview {
  /** What the chosen camera and microphone capture now; `null` for receive only or on error. */
  stream: MediaStream | null;
  devices: DeviceLists;
  /** Why the preview failed. */
  error: MediaFailure | null;
}

interface PreviewState extends MediaPreview {
  /** The constraints the stream was opened with. */
  opened: string | null;
}

export interface UseMediaPreview {
  preview: MediaPreview;
  /**
   * Hands the preview's stream over to the call when it was opened for exactly `choice` (else `null`): the call
   * then owns it, and leaving the pre-join screen no longer stops it.
   */
  takeStream: (choice: MediaChoice) => MediaStream | null;
}

/** What the preview shows on a page that is neither HTTPS nor localhost, where browsers offer no devices. */
const INSECURE_PREVIEW: MediaPreview = { stream: null, devices: NO_DEVICES, error: { code: 'insecure-context' } };

/** The browser's media devices, absent on an insecure page for the whole life of the page. */
function mediaDevicesOrNull(): MediaDevices | null {
  return typeof navigator.mediaDevices === 'undefined' ? null : navigator.mediaDevices;
}

function constraintsKey(choice: MediaChoice): string {
  return JSON.stringify(mediaConstraints(choice));
}

/**
 * The pre-join preview: opens the chosen devices (stopping them again on change or unmount) and
 * lists the cameras, microphones and speakers once the browser reveals them.
 *
 * @example
 * const { preview: { stream, devices, error }, takeStream } = useMediaPreview(choice);
 */
export function useMediaPreview(choice: MediaChoice): UseMediaPreview {
  const [state, setState] = useState<PreviewState>({ stream: null, devices: NO_DEVICES, error: null, opened: null });
  const handedOver = useRef<MediaStream | null>(null);
  const { video, audio, cameraId, microphoneId } = choice;

  useEffect(() => {
    const mediaDevices = mediaDevicesOrNull();
    if (mediaDevices === null) {
      // Nothing to open: the preview says why.
      return;
    }
    let stream: MediaStream | null = null;
    let cancelled = false;
    const listDevices = async (): Promise<DeviceLists> => groupDevices(await mediaDevices.enumerateDevices());
    const constraints = mediaConstraints({ video, audio, cameraId, microphoneId });
    const opened = constraintsKey({ video, audio, cameraId, microphoneId });
    const release = (): void => {
      if (stream !== null && stream !== handedOver.current) {
        stream.getTracks().forEach((track) => track.stop());
      }
    };
    const open = async (): Promise<void> => {
      try {
        stream = constraints === null ? null : await mediaDevices.getUserMedia(constraints);
        const devices = await listDevices();
        if (!cancelled) {
          setState({ stream, devices, error: null, opened });
        }
      } catch (error) {
        const devices = await listDevices().catch(() => NO_DEVICES);
        if (!cancelled) {
          setState({ stream: null, devices, error: classifyMediaError(error), opened: null });
        }
      }
      if (cancelled) {
        release();
      }
    };
    void open();
    return () => {
      cancelled = true;
      release();
    };
  }, [video, audio, cameraId, microphoneId]);

  const takeStream = useCallback(
    (wanted: MediaChoice): MediaStream | null => {
      if (state.stream === null || state.opened !== constraintsKey(wanted)) {
        return null;
      }
      handedOver.current = state.stream;
      return state.stream;
    },
    [state],
  );
  const { stream, devices, error } = state;
  return { preview: mediaDevicesOrNull() === null ? INSECURE_PREVIEW : { stream, devices, error }, takeStream };
}

/** Whether this browser can choose the audio output of a media element. */
export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}
