import { useEffect, useState } from 'react';
import { groupDevices, mediaConstraints } from '../core/devices';
import type { DeviceLists, MediaChoice } from '../core/devices';
import { classifyMediaError, describeMediaError } from '../core/mediaErrors';

const NO_DEVICES: DeviceLists = { cameras: [], microphones: [], speakers: [] };

export interface MediaPreview {
  /** What the chosen camera and microphone capture now; `null` for receive only or on error. */
  stream: MediaStream | null;
  devices: DeviceLists;
  /** Why the preview failed, saying what to do next. */
  error: string | null;
}

function describePreviewError(error: unknown): string {
  switch (classifyMediaError(error)) {
    case 'media-denied':
      return 'Parley may not use your camera or microphone. Allow them in the address bar or site settings, or join audio only or receive only below.';
    case 'media-missing':
      return 'No camera or microphone was found. Connect one, or join audio only or receive only below.';
    case 'error':
      return describeMediaError(error);
  }
}

/**
 * The pre-join preview: opens the chosen devices (stopping them again on change or unmount) and
 * lists the cameras, microphones and speakers once the browser reveals them.
 *
 * @example
 * const { stream, devices, error } = useMediaPreview(choice);
 */
export function useMediaPreview(choice: MediaChoice): MediaPreview {
  const [preview, setPreview] = useState<MediaPreview>({ stream: null, devices: NO_DEVICES, error: null });
  const { video, audio, cameraId, microphoneId } = choice;

  useEffect(() => {
    const mediaDevices = typeof navigator.mediaDevices === 'undefined' ? null : navigator.mediaDevices;
    if (mediaDevices === null) {
      setPreview({
        stream: null,
        devices: NO_DEVICES,
        error: 'This page cannot use a camera: open Parley over https (or on localhost).',
      });
      return;
    }
    let stream: MediaStream | null = null;
    let cancelled = false;
    const listDevices = async (): Promise<DeviceLists> => groupDevices(await mediaDevices.enumerateDevices());
    const constraints = mediaConstraints({ video, audio, cameraId, microphoneId });
    const open = async (): Promise<void> => {
      try {
        stream = constraints === null ? null : await mediaDevices.getUserMedia(constraints);
        const devices = await listDevices();
        if (cancelled) {
          return;
        }
        setPreview({ stream, devices, error: null });
      } catch (error) {
        const devices = await listDevices().catch(() => NO_DEVICES);
        if (!cancelled) {
          setPreview({ stream: null, devices, error: describePreviewError(error) });
        }
      }
      if (cancelled) {
        stream?.getTracks().forEach((track) => track.stop());
      }
    };
    void open();
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [video, audio, cameraId, microphoneId]);

  return preview;
}

/** Whether this browser can choose the audio output of a media element. */
export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}
