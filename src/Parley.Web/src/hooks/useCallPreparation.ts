import { useCallback } from 'react';
import type { PreparedCall } from '../core/callController';
import type { MediaChoice } from '../core/devices';
import { useEarlyHubConnection } from './useEarlyHubConnection';
import { useMediaPreview } from './useMediaPreview';
import type { MediaPreview } from './useMediaPreview';

export interface CallPreparation {
  preview: MediaPreview;
  /** What the call takes over when Join is clicked: the preview's stream and the hub connection, where usable. */
  handOver: () => PreparedCall<MediaStream>;
}

/**
 * The pre-join screen's head start: the camera preview for `media`, and the hub connection opened meanwhile.
 *
 * @example
 * const { preview, handOver } = useCallPreparation(media);
 * const onJoin = (name: string) => join(name, media, handOver());
 */
export function useCallPreparation(media: MediaChoice): CallPreparation {
  const { preview, takeStream } = useMediaPreview(media);
  const takeHubConnection = useEarlyHubConnection();
  const handOver = useCallback(
    () => ({ stream: takeStream(media), signaling: takeHubConnection() }),
    [takeStream, takeHubConnection, media],
  );
  return { preview, handOver };
}
