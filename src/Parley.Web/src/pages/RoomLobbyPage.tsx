import { JoinForm } from '../components/JoinForm';
import { validateRoom } from '../core/roomName';

interface RoomLobbyPageProps {
  room: string;
  username: string;
  onJoin: (username: string) => void;
  onHome: () => void;
}

/** What an invite link opens: the room is given, only the username is asked for. */
export function RoomLobbyPage({ room, username, onJoin, onHome }: RoomLobbyPageProps) {
  const roomProblem = validateRoom(room);
  return (
    <main className="page page--form">
      <h1 className="brand">Parley</h1>
      {roomProblem === null ? (
        <>
          <p className="lead">
            Join room <strong className="room-name">{room}</strong>
          </p>
          <JoinForm initialUsername={username} initialRoom={null} onJoin={(name) => onJoin(name)} />
        </>
      ) : (
        <>
          <p className="lead" role="alert">
            This link does not name a valid room. {roomProblem} Check the link, or start a new call.
          </p>
          <button type="button" className="button button--primary" onClick={onHome}>
            Start a new call
          </button>
        </>
      )}
    </main>
  );
}
