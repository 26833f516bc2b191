import { useRef } from 'react';
import type { PeerView } from '../core/callController';
import { useFullScreen } from '../hooks/useFullScreen';
import { tileLabels, tileNotice } from '../text/tileText';
import { Icon } from './Icon';
import { VideoView } from './VideoView';

interface PeerTileProps {
  peer: PeerView<MediaStream>;
  speaking: boolean;
  /** The active speaker of a group call, highlighted. */
  activeSpeaker: boolean;
  pinned: boolean;
  /** `null` where pinning means nothing (the only other person already fills the stage). */
  onTogglePin: (() => void) | null;
  /** Audio output device (`setSinkId`), where the browser can choose one. */
  sinkId?: string;
}

/**
 * One other person: their video and sound, their name with whether they are muted or speaking, and buttons to pin
 * the tile and to show it full screen. The `data-*` attributes say the same for the end-to-end tests.
 */
export function PeerTile({ peer, speaking, activeSpeaker, pinned, onTogglePin, sinkId }: PeerTileProps) {
  const ref = useRef<HTMLLIElement>(null);
  const fullScreen = useFullScreen(ref);
  const { username, media } = peer;
  const notice = tileNotice(peer);
  const microphoneOff = media?.microphone === false;
  const cameraOff = media?.camera === false && !media.screen;
  const state = peer.away ? 'reconnecting' : peer.view;
  return (
    <li
      ref={ref}
      className={`tile ${activeSpeaker ? 'tile--active' : ''} ${media?.screen === true ? 'tile--screen' : ''}`}
      data-peer-id={peer.peerId}
      data-peer-state={state}
      data-speaking={speaking}
      data-active-speaker={activeSpeaker}
      data-microphone={media === null ? 'unknown' : media.microphone ? 'on' : 'off'}
      data-camera={media === null ? 'unknown' : media.camera ? 'on' : 'off'}
      data-pinned={pinned}
    >
      <VideoView
        className={`video--tile ${cameraOff ? 'video--off' : ''}`}
        stream={peer.stream}
        label={tileLabels.video(username)}
        muted={false}
        sinkId={sinkId}
      />
      {cameraOff && (
        <span className="tile__avatar" aria-hidden="true">
          {Array.from(username)[0]?.toUpperCase() ?? '?'}
        </span>
      )}
      {notice !== null && <p className="tile__notice">{notice}</p>}
      <div className="tile__tag">
        <span className="tile__name">{username}</span>
        {microphoneOff && (
          <span className="tile__icon" role="img" aria-label={tileLabels.microphoneOff} title={tileLabels.microphoneOff}>
            <Icon name="micOff" />
          </span>
        )}
        {cameraOff && (
          <span className="tile__icon" role="img" aria-label={tileLabels.cameraOff} title={tileLabels.cameraOff}>
            <Icon name="cameraOff" />
          </span>
        )}
        {media?.screen === true && (
          <span className="tile__icon" role="img" aria-label={tileLabels.sharing} title={tileLabels.sharing}>
            <Icon name="screen" />
          </span>
        )}
        {speaking && !microphoneOff && (
          <span className="tile__speaking" role="img" aria-label={tileLabels.speaking}>
            <span />
            <span />
            <span />
          </span>
        )}
      </div>
      <div className="tile__actions">
        {onTogglePin !== null && (
          <button
            type="button"
            className="tile__button"
            aria-label={pinned ? tileLabels.unpin(username) : tileLabels.pin(username)}
            title={pinned ? tileLabels.unpin(username) : tileLabels.pin(username)}
            aria-pressed={pinned}
            onClick={onTogglePin}
          >
            <Icon name="pin" />
          </button>
        )}
        {fullScreen.supported && (
          <button
            type="button"
            className="tile__button"
            aria-label={fullScreen.active ? tileLabels.exitFullScreen(username) : tileLabels.fullScreen(username)}
            title={fullScreen.active ? tileLabels.exitFullScreen(username) : tileLabels.fullScreen(username)}
            onClick={fullScreen.toggle}
          >
            <Icon name={fullScreen.active ? 'exitFullScreen' : 'fullScreen'} />
          </button>
        )}
      </div>
    </li>
  );
}
