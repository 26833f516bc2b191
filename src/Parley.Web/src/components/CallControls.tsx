import type { ReactNode } from 'react';
import { HangUpButton } from './HangUpButton';
import { Icon, type IconName } from './Icon';

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
  icon: IconName;
  text: string;
  onClick: () => void;
  off?: boolean;
  pressed?: boolean;
  expanded?: boolean;
  children?: ReactNode;
}

/** One control: an icon and a short text (hidden on narrow screens), named for assistive tech by its label. */
function ControlButton({ label, icon, text, onClick, off = false, pressed, expanded, children }: ControlButtonProps) {
  return (
    <button
      type="button"
      className={off ? 'button control control--off' : 'button control'}
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      aria-expanded={expanded}
      onClick={onClick}
    >
      <Icon name={icon} />
      <span className="control__text">{text}</span>
      {children}
    </button>
  );
}

/** The call's buttons: microphone, camera, screen, chat, stats, invite, devices, hang up. */
export function CallControls(props: CallControlsProps) {
  const { openPanel, onTogglePanel, unreadChat } = props;
  const panel = (name: CallPanel) => ({ onClick: () => onTogglePanel(name), expanded: openPanel === name });
  return (
    <div className="call-controls" role="toolbar" aria-label="Call controls">
      {props.hasMicrophone && (
        <ControlButton
          label={props.microphoneOn ? 'Mute microphone' : 'Unmute microphone'}
          icon={props.microphoneOn ? 'mic' : 'micOff'}
          text={props.microphoneOn ? 'Mute' : 'Unmute'}
          onClick={props.onToggleMicrophone}
          off={!props.microphoneOn}
        />
      )}
      {props.hasCamera && (
        <ControlButton
          label={props.cameraOn ? 'Turn camera off' : 'Turn camera on'}
          icon={props.cameraOn ? 'camera' : 'cameraOff'}
          text={props.cameraOn ? 'Camera off' : 'Camera on'}
          onClick={props.onToggleCamera}
          off={!props.cameraOn}
        />
      )}
      {props.hasCamera && props.canShareScreen && (
        <ControlButton
          label={props.sharingScreen ? 'Stop sharing screen' : 'Share screen'}
          icon="screen"
          text={props.sharingScreen ? 'Stop sharing' : 'Share'}
          onClick={props.onToggleScreenShare}
          pressed={props.sharingScreen}
        />
      )}
      <ControlButton
        label={unreadChat > 0 ? `Chat, ${unreadChat} unread` : 'Chat'}
        icon="chat"
        text="Chat"
        {...panel('chat')}
      >
        {unreadChat > 0 && (
          <span className="badge" aria-hidden="true" data-unread={unreadChat}>
            {unreadChat}
          </span>
        )}
      </ControlButton>
      <ControlButton label="Statistics" icon="stats" text="Statistics" {...panel('stats')} />
      <ControlButton label="Invite" icon="link" text="Invite" {...panel('invite')} />
      {(props.hasCamera || props.hasMicrophone) && (
        <ControlButton label="Devices" icon="devices" text="Devices" {...panel('devices')} />
      )}
      <HangUpButton onHangUp={props.onHangUp} />
    </div>
  );
}
