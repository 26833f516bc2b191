import { useCallback } from 'react';
import type { PreparedCall } from '../core/callController';
import type { MediaChoice } from '../core/devices';
import { useEarlySignalingConnection } from './useEarlySignalingConnection';
import { useMediaPreview } from './useMediaPreview';
import type { MediaPreview } from './useMediaPreview';

export interface CallPreparation {
  preview: MediaPreview;
  /** Opens the signaling connection ahead of Join if it is not open yet (the form calls it when first touched). */
  openSignaling: () => void;
  /** What the call takes over when Join is clicked: the preview's stream and the signaling connection, where usable. */
  handOver: () => PreparedCall<MediaStream>;
}

/**
 * The pre-join screen's head start: the camera preview for `media`, and a signaling connection opened meanwhile, at
 * once when `openSignalingAtLoad` is set (a room link: its visitors come to join), else when the form is first touched.
 *
 * @example
 * const { preview, openSignaling, handOver } = useCallPreparation(media, false);
 * const onJoin = (name: string) => join(name, media, handOver());
 */
export function useCallPreparation(media: MediaChoice, openSignalingAtLoad: boolean): CallPreparation {
  const { preview, takeStream } = useMediaPreview(media);
  const signaling = useEarlySignalingConnection(openSignalingAtLoad);
  const { take } = signaling;
  const handOver = useCallback(() => ({ stream: takeStream(media), signaling: take() }), [takeStream, take, media]);
  return { preview, openSignaling: signaling.open, handOver };
}
