import { useCallback, useEffect, useRef, useState } from 'react';
import { classifyMediaError } from '../core/mediaErrors';
import type { MediaFailure } from '../core/mediaErrors';

export type DeviceCheck =
  | { phase: 'idle' }
  | { phase: 'running' }
  | {
      phase: 'done';
      stream: MediaStream;
      camera: string | null;
      microphone: string | null;
      resolution: string | null;
    }
  | { phase: 'error'; failure: MediaFailure };

/**
 * The camera and microphone check of the diagnostics page: opens both, reports their names and
 * the picture size, and measures the microphone level (0–100) while the check is shown.
 *
 * @example
 * const { check, level, start } = useDeviceCheck();
 */
export function useDeviceCheck() {
  const [check, setCheck] = useState<DeviceCheck>({ phase: 'idle' });
  const [level, setLevel] = useState(0);
  const streamRef = useRef<MediaStream | null>(null);

  const start = useCallback(() => {
    if (typeof navigator.mediaDevices === 'undefined') {
      setCheck({ phase: 'error', failure: { code: 'insecure-context' } });
      return;
    }
    setCheck({ phase: 'running' });
    navigator.mediaDevices.getUserMedia({ video: true, audio: true }).then(
      (stream) => {
        streamRef.current?.getTracks().forEach((track) => track.stop());
        streamRef.current = stream;
        const video = stream.getVideoTracks()[0];
        const audio = stream.getAudioTracks()[0];
        const settings = video?.getSettings();
        setCheck({
          phase: 'done',
          stream,
          camera: video?.label ?? null,
          microphone: audio?.label ?? null,
          resolution:
            settings?.width !== undefined && settings.height !== undefined ? `${settings.width}×${settings.height}` : null,
        });
      },
      (error: unknown) => setCheck({ phase: 'error', failure: classifyMediaError(error) }),
    );
  }, []);

  const stream = check.phase === 'done' ? check.stream : null;
  useEffect(() => {
    if (stream === null || stream.getAudioTracks().length === 0 || typeof AudioContext === 'undefined') {
      return;
    }
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    const timer = window.setInterval(() => {
      analyser.getByteTimeDomainData(samples);
      let peak = 0;
      for (const sample of samples) {
        peak = Math.max(peak, Math.abs(sample - 128));
      }
      setLevel(Math.min(100, Math.round((peak / 128) * 100)));
    }, 200);
    return () => {
      window.clearInterval(timer);
      void context.close();
    };
  }, [stream]);

  useEffect(
    () => () => {
      streamRef.current?.getTracks().forEach((track) => track.stop());
    },
    [],
  );

  return { check, level, start };
}
