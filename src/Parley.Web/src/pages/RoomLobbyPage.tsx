import { useState } from 'react';
import { JoinForm } from '../components/JoinForm';
import { MediaSetup } from '../components/MediaSetup';
import { DEFAULT_MEDIA_CHOICE } from '../core/devices';
import type { PreparedCall } from '../core/callController';
import type { MediaChoice } from '../core/devices';
import { validateRoom } from '../core/roomName';
import { roomProblemText } from '../text/formText';
import { useCallPreparation } from '../hooks/useCallPreparation';

interface RoomLobbyPageProps {
  room: string;
  username: string;
  /** The passcode the invite link carried in its fragment, if any. */
  passcode: string | null;
  onJoin: (username: string, media: MediaChoice, passcode: string | null, prepared: PreparedCall<MediaStream>) => void;
  onHome: () => void;
}

/** What an invite link opens, the pre-join screen: the room is given; name, preview and devices. */
export function RoomLobbyPage({ room, username, passcode, onJoin, onHome }: RoomLobbyPageProps) {
  const roomProblem = validateRoom(room);
  return (
    <main className="page page--form">
      <h1 className="brand">Parley</h1>
      {roomProblem === null ? (
        <>
          <p className="lead">
            Join room <strong className="room-name">{room}</strong>
          </p>
          <LobbyForm username={username} passcode={passcode} onJoin={onJoin} />
        </>
      ) : (
        <>
          <p className="lead" role="alert">
            This link does not name a valid room. {roomProblemText(roomProblem)} Check the link, or start a new call.
          </p>
          <button type="button" className="button button--primary" onClick={onHome}>
            Start a new call
          </button>
        </>
      )}
    </main>
  );
}

function LobbyForm({ username, passcode, onJoin }: Pick<RoomLobbyPageProps, 'username' | 'passcode' | 'onJoin'>) {
  const [media, setMedia] = useState<MediaChoice>(DEFAULT_MEDIA_CHOICE);
  // A room link is opened to join it, often by someone whose name is remembered and who only clicks Join.
  const { preview, handOver } = useCallPreparation(media, true);
  return (
    <JoinForm
      initialUsername={username}
      initialRoom={null}
      initialPasscode={passcode}
      onJoin={(name, _room, code) => onJoin(name, media, code, handOver())}
    >
      <MediaSetup choice={media} onChange={setMedia} {...preview} />
    </JoinForm>
  );
}
