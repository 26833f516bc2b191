import { useEffect, useRef, useState } from 'react';

interface VideoViewProps {
  stream: MediaStream | null;
  label: string;
  /** The local preview is muted so you do not hear yourself. */
  muted: boolean;
  className: string;
  /** Shown over the video while there is no stream. */
  placeholder?: string;
  /** Audio output device (`setSinkId`), where the browser can choose one. */
  sinkId?: string;
}

/** A `<video>` showing a MediaStream; offers a play button if the browser blocks autoplay. */
export function VideoView({ stream, label, muted, className, placeholder, sinkId }: VideoViewProps) {
  const ref = useRef<HTMLVideoElement>(null);
  const [blocked, setBlocked] = useState(false);

  useEffect(() => {
    const video = ref.current;
    if (video === null) {
      return;
    }
    let current = true;
    video.muted = muted;
    video.srcObject = stream;
    setBlocked(false);
    if (stream !== null) {
      video.play().catch((error: unknown) => {
        if (current && error instanceof DOMException && error.name === 'NotAllowedError') {
          setBlocked(true);
        }
      });
    }
    return () => {
      current = false;
      video.srcObject = null;
    };
  }, [stream, muted]);

  useEffect(() => {
    const video = ref.current;
    if (video === null || sinkId === undefined || !('setSinkId' in video)) {
      return;
    }
    video.setSinkId(sinkId).catch((error: unknown) => console.warn('Parley: choosing the speaker failed', error));
  }, [sinkId]);

  const play = () => {
    ref.current?.play().then(
      () => setBlocked(false),
      () => setBlocked(true),
    );
  };

  return (
    <div className={`video ${className}`}>
      <video ref={ref} aria-label={label} autoPlay playsInline muted={muted} />
      {stream === null && placeholder !== undefined && (
        <p className="video__placeholder" aria-hidden="true">
          {placeholder}
        </p>
      )}
      {blocked && (
        <button type="button" className="button video__play" onClick={play}>
          Play {label.toLowerCase()}
        </button>
      )}
    </div>
  );
}
