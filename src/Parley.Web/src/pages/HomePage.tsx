import { useState } from 'react';
import { JoinForm } from '../components/JoinForm';
import { MediaSetup } from '../components/MediaSetup';
import { DEFAULT_MEDIA_CHOICE } from '../core/devices';
import type { PreparedCall } from '../core/callController';
import type { MediaChoice } from '../core/devices';
import { DIAGNOSTICS_PATH } from '../core/routes';
import { generateRoomName } from '../core/roomName';
import { useCallPreparation } from '../hooks/useCallPreparation';

interface HomePageProps {
  username: string;
  onJoin: (
    username: string,
    room: string,
    media: MediaChoice,
    passcode: string | null,
    prepared: PreparedCall<MediaStream>,
  ) => void;
}

/** Start a call: pick a name and a room (a fresh unguessable one is suggested), check your camera. */
export function HomePage({ username, onJoin }: HomePageProps) {
  const [suggestedRoom] = useState(generateRoomName);
  const [media, setMedia] = useState<MediaChoice>(DEFAULT_MEDIA_CHOICE);
  // Most visitors of the home page only look: the signaling connection waits until the form is touched.
  const { preview, openSignaling, handOver } = useCallPreparation(media, false);
  return (
    <main className="page page--form">
      <h1 className="brand">Parley</h1>
      <p className="lead">Private one-to-one video calls. Join a room, then send its link to the other person.</p>
      <JoinForm
        initialUsername={username}
        initialRoom={suggestedRoom}
        onJoin={(name, room, passcode) => onJoin(name, room ?? suggestedRoom, media, passcode, handOver())}
        onInteraction={openSignaling}
      >
        <MediaSetup choice={media} onChange={setMedia} {...preview} />
      </JoinForm>
      <p className="page__footer">
        Calls failing? <a href={DIAGNOSTICS_PATH}>Test your connection and devices</a>.
      </p>
    </main>
  );
}
