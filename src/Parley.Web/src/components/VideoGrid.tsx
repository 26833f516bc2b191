import { useRef, useState } from 'react';
import type { CSSProperties } from 'react';
import type { PeerView } from '../core/callController';
import { gridShape } from '../core/gridLayout';
import type { SpeakersView } from '../core/speakers';
import { useElementSize } from '../hooks/useElementSize';
import { tileLabels } from '../text/tileText';
import { Icon } from './Icon';
import { PeerTile } from './PeerTile';
import { VideoView } from './VideoView';

interface VideoGridProps {
  peers: readonly PeerView<MediaStream>[];
  speakers: SpeakersView;
  /** What your own tile shows: your camera, or the screen you share. */
  selfStream: MediaStream | null;
  selfVideoOn: boolean;
  selfSharing: boolean;
  selfMicrophoneOn: boolean;
  sinkId?: string;
}

/**
 * The people of the call on the stage. One other person fills it, with your camera in a corner; two or more share it
 * in a grid whose columns follow the stage's shape (side by side on a desktop, stacked on a phone held upright), your
 * own tile among them. A pinned tile takes the stage and the others line up beside or below it.
 */
export function VideoGrid({ peers, speakers, selfStream, selfVideoOn, selfSharing, selfMicrophoneOn, sinkId }: VideoGridProps) {
  const ref = useRef<HTMLUListElement>(null);
  const size = useElementSize(ref);
  const [pinnedId, setPinnedId] = useState<string | null>(null);
  const group = peers.length >= 2;
  const pinned = peers.some((peer) => peer.peerId === pinnedId) ? pinnedId : null;
  const tiles = peers.length + (group ? 1 : 0);
  const portrait = size.height > size.width;
  const shape = gridShape(tiles, size.width, size.height);
  const layout = pinned !== null && tiles > 1 ? 'spotlight' : 'grid';
  const style = {
    '--columns': shape.columns,
    '--rows': shape.rows,
    '--strip': tiles - 1,
  } as CSSProperties;
  const selfTile = (
    <VideoView
      className={`${group ? 'video--tile' : 'video--local'} ${selfSharing ? 'video--screen' : ''} ${selfVideoOn ? '' : 'video--off'}`}
      stream={selfStream}
      label="Your camera"
      muted
    />
  );
  return (
    <>
      <ul
        ref={ref}
        className={`grid grid--${layout} ${portrait ? 'grid--portrait' : ''}`}
        aria-label={tileLabels.grid}
        data-tiles={tiles}
        data-layout={layout}
        style={style}
      >
        {peers.map((peer) => (
          <PeerTile
            key={peer.peerId}
            peer={peer}
            speaking={speakers.speaking.has(peer.peerId)}
            activeSpeaker={group && speakers.active === peer.peerId}
            pinned={pinned === peer.peerId}
            onTogglePin={group ? () => setPinnedId(pinned === peer.peerId ? null : peer.peerId) : null}
            sinkId={sinkId}
          />
        ))}
        {group && (
          <li className="tile tile--self" data-self>
            {selfTile}
            <div className="tile__tag">
              <span className="tile__name">{tileLabels.you}</span>
              {!selfMicrophoneOn && (
                <span className="tile__icon" role="img" aria-label={tileLabels.microphoneOff} title={tileLabels.microphoneOff}>
                  <Icon name="micOff" />
                </span>
              )}
            </div>
          </li>
        )}
      </ul>
      {!group && selfTile}
    </>
  );
}
