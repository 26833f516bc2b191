import type { ReactNode } from 'react';
import { HangUpButton } from './HangUpButton';
import { Icon } from './Icon';

export type CallPanel = 'chat' | 'stats' | 'invite' | 'devices';

interface CallControlsProps {
  hasMicrophone: boolean;
  hasCamera: boolean;
  microphoneOn: boolean;
  cameraOn: boolean;
  sharingScreen: boolean;
  canShareScreen: boolean;
  unreadChat: number;
  openPanel: CallPanel | null;
  onToggleMicrophone: () => void;
  onToggleCamera: () => void;
  onToggleScreenShare: () => void;
  onTogglePanel: (panel: CallPanel) => void;
  onHangUp: () => void;
}

interface ControlButtonProps {
  label: string;
  onClick: () => void;
  pressed?: boolean;
  expanded?: boolean;
  className?: string;
  children: ReactNode;
}

function ControlButton({ label, onClick, pressed, expanded, className = '', children }: ControlButtonProps) {
  return (
    <button
      type="button"
      className={`button control ${className}`}
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      aria-expanded={expanded}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

/** The call's buttons: microphone, camera, screen, chat, stats, invite, devices, hang up. */
export function CallControls(props: CallControlsProps) {
  const { openPanel, onTogglePanel, unreadChat } = props;
  return (
    <div className="call-controls" role="toolbar" aria-label="Call controls">
      {props.hasMicrophone && (
        <ControlButton
          label={props.microphoneOn ? 'Mute microphone' : 'Unmute microphone'}
          onClick={props.onToggleMicrophone}
          className={props.microphoneOn ? '' : 'control--off'}
        >
          <Icon name={props.microphoneOn ? 'mic' : 'micOff'} />
          <span className="control__text">{props.microphoneOn ? 'Mute' : 'Unmute'}</span>
        </ControlButton>
      )}
      {props.hasCamera && (
        <ControlButton
          label={props.cameraOn ? 'Turn camera off' : 'Turn camera on'}
          onClick={props.onToggleCamera}
          className={props.cameraOn ? '' : 'control--off'}
        >
          <Icon name={props.cameraOn ? 'camera' : 'cameraOff'} />
          <span className="control__text">{props.cameraOn ? 'Camera off' : 'Camera on'}</span>
        </ControlButton>
      )}
      {props.hasCamera && props.canShareScreen && (
        <ControlButton
          label={props.sharingScreen ? 'Stop sharing screen' : 'Share screen'}
          onClick={props.onToggleScreenShare}
          pressed={props.sharingScreen}
        >
          <Icon name="screen" />
          <span className="control__text">{props.sharingScreen ? 'Stop sharing' : 'Share'}</span>
        </ControlButton>
      )}
      <ControlButton
        label={unreadChat > 0 ? `Chat, ${unreadChat} unread` : 'Chat'}
        onClick={() => onTogglePanel('chat')}
        expanded={openPanel === 'chat'}
      >
        <Icon name="chat" />
        <span className="control__text">Chat</span>
        {unreadChat > 0 && (
          <span className="badge" aria-hidden="true" data-unread={unreadChat}>
            {unreadChat}
          </span>
        )}
      </ControlButton>
      <ControlButton label="Statistics" onClick={() => onTogglePanel('stats')} expanded={openPanel === 'stats'}>
        <Icon name="stats" />
        <span className="control__text">Stats</span>
      </ControlButton>
      <ControlButton label="Invite" onClick={() => onTogglePanel('invite')} expanded={openPanel === 'invite'}>
        <Icon name="link" />
        <span className="control__text">Invite</span>
      </ControlButton>
      {(props.hasCamera || props.hasMicrophone) && (
        <ControlButton label="Devices" onClick={() => onTogglePanel('devices')} expanded={openPanel === 'devices'}>
          <Icon name="devices" />
          <span className="control__text">Devices</span>
        </ControlButton>
      )}
      <HangUpButton onHangUp={props.onHangUp} />
    </div>
  );
}
