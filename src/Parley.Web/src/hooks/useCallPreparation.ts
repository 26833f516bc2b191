import { useCallback } from 'react';
import type { PreparedCall } from '../core/callController';
import type { MediaChoice } from '../core/devices';
import { useEarlyPeerConnection } from './useEarlyPeerConnection';
import { useEarlySignalingConnection } from './useEarlySignalingConnection';
import { useMediaPreview } from './useMediaPreview';
import type { MediaPreview } from './useMediaPreview';

export interface CallPreparation {
  preview: MediaPreview;
  /**
   * Opens the signaling connection and makes a peer connection ahead of Join, if not done yet (the form calls it when
   * first touched).
   */
  openAhead: () => void;
  /**
   * What the call takes over when Join is clicked: the preview's stream, the signaling connection and the peer
   * connection, where usable.
   */
  handOver: () => PreparedCall<MediaStream>;
}

/**
 * The pre-join screen's head start: the camera preview for `media`, and a signaling connection and a peer connection
 * opened meanwhile, at once when `openAtLoad` is set (a room link: its visitors come to join), else when the form is
 * first touched.
 *
 * @example
 * const { preview, openAhead, handOver } = useCallPreparation(media, false);
 * const onJoin = (name: string) => join(name, media, handOver());
 */
export function useCallPreparation(media: MediaChoice, openAtLoad: boolean): CallPreparation {
  const { preview, takeStream } = useMediaPreview(media);
  const signaling = useEarlySignalingConnection(openAtLoad);
  const connection = useEarlyPeerConnection(openAtLoad);
  const { take: takeSignaling, open: openSignaling } = signaling;
  const { take: takeConnection, open: openConnection } = connection;
  const handOver = useCallback(
    () => ({ stream: takeStream(media), signaling: takeSignaling(), connection: takeConnection() }),
    [takeStream, takeSignaling, takeConnection, media],
  );
  const openAhead = useCallback(() => {
    openSignaling();
    openConnection();
  }, [openSignaling, openConnection]);
  return { preview, openAhead, handOver };
}
