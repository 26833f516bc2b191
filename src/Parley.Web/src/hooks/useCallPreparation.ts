import { useCallback } from 'react';
import type { PreparedCall } from '../core/callController';
import type { MediaChoice } from '../core/devices';
import { useEarlyHubConnection } from './useEarlyHubConnection';
import { useMediaPreview } from './useMediaPreview';
import type { MediaPreview } from './useMediaPreview';

export interface CallPreparation {
  preview: MediaPreview;
  /** Opens the hub connection ahead of Join if it is not open yet (the form calls it when first touched). */
  openHubConnection: () => void;
  /** What the call takes over when Join is clicked: the preview's stream and the hub connection, where usable. */
  handOver: () => PreparedCall<MediaStream>;
}

/**
 * The pre-join screen's head start: the camera preview for `media`, and a hub connection opened meanwhile, at once
 * when `openHubAtLoad` is set (a room link: its visitors come to join), else when the form is first touched.
 *
 * @example
 * const { preview, openHubConnection, handOver } = useCallPreparation(media, false);
 * const onJoin = (name: string) => join(name, media, handOver());
 */
export function useCallPreparation(media: MediaChoice, openHubAtLoad: boolean): CallPreparation {
  const { preview, takeStream } = useMediaPreview(media);
  const hub = useEarlyHubConnection(openHubAtLoad);
  const { take } = hub;
  const handOver = useCallback(() => ({ stream: takeStream(media), signaling: take() }), [takeStream, take, media]);
  return { preview, openHubConnection: hub.open, handOver };
}
