import { CallStatus } from '../components/CallStatus';
import { CopyLinkButton } from '../components/CopyLinkButton';
import { HangUpButton } from '../components/HangUpButton';
import { VideoView } from '../components/VideoView';
import { inviteLink } from '../core/routes';
import { useCall } from '../hooks/useCall';

interface CallPageProps {
  room: string;
  username: string;
  /** Called after "Hang up"; leaving this page ends the call. */
  onHangUp: () => void;
}

/** The call: remote video large, your camera picture-in-picture, status and controls. */
export function CallPage({ room, username, onHangUp }: CallPageProps) {
  const { snapshot, retry } = useCall(room, username);
  const { status, localStream, remoteStream } = snapshot;
  return (
    <main className={`call call--${status.state}`}>
      <h1 className="visually-hidden">Call in room {room}</h1>
      <section className="stage" aria-label="Videos">
        <VideoView
          className="video--remote"
          stream={remoteStream}
          label="Remote video"
          muted={false}
          placeholder="The other person's video appears here."
        />
        <VideoView className="video--local" stream={localStream} label="Your camera" muted />
        <CallStatus status={status} onRetry={retry} />
      </section>
      <footer className="controls">
        <p className="controls__room">
          Room <span className="room-name">{room}</span>
        </p>
        <CopyLinkButton link={inviteLink(window.location.origin, room)} />
        <HangUpButton onHangUp={onHangUp} />
      </footer>
    </main>
  );
}
