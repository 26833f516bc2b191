import { useState } from 'react';
import type { PreparedCall } from './core/callController';
import type { MediaChoice } from './core/devices';
import { passcodeFromFragment, roomPath } from './core/routes';
import { useRoute } from './hooks/useRoute';
import { useStoredUsername } from './hooks/useStoredUsername';
import { CallPage } from './pages/CallPage';
import { DiagnosticsPage } from './pages/DiagnosticsPage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RoomLobbyPage } from './pages/RoomLobbyPage';

interface JoinedCall {
  room: string;
  username: string;
  media: MediaChoice;
  passcode: string | null;
  /** The pathname the call was started on: moving off it (back button) ends the call. */
  pathname: string;
  /** What the pre-join screen had already opened for it. */
  prepared: PreparedCall<MediaStream>;
}

export function App() {
  const { route, pathname, navigate } = useRoute();
  const [storedUsername, rememberUsername] = useStoredUsername();
  const [call, setCall] = useState<JoinedCall | null>(null);
  const [previousPathname, setPreviousPathname] = useState(pathname);

  // Moving off the call's URL (back/forward) ends it; coming back asks for the username again.
  if (pathname !== previousPathname) {
    setPreviousPathname(pathname);
    if (call !== null && call.pathname !== pathname) {
      setCall(null);
    }
  }

  const join = (
    username: string,
    room: string,
    media: MediaChoice,
    passcode: string | null,
    prepared: PreparedCall<MediaStream>,
  ) => {
    rememberUsername(username);
    const path = roomPath(room);
    setCall({ room, username, media, passcode, pathname: path, prepared });
    navigate(path);
  };
  const goHome = () => {
    setCall(null);
    navigate('/');
  };

  switch (route.page) {
    case 'home':
      return <HomePage username={storedUsername} onJoin={join} />;
    case 'room':
      return call !== null && call.room === route.room ? (
        <CallPage
          room={call.room}
          username={call.username}
          media={call.media}
          passcode={call.passcode}
          prepared={call.prepared}
          onHangUp={goHome}
        />
      ) : (
        <RoomLobbyPage
          key={route.room}
          room={route.room}
          username={storedUsername}
          passcode={passcodeFromFragment(window.location.hash)}
          onJoin={(username, media, passcode, prepared) => join(username, route.room, media, passcode, prepared)}
          onHome={goHome}
        />
      );
    case 'diagnostics':
      return <DiagnosticsPage onHome={goHome} />;
    case 'not-found':
      return <NotFoundPage onHome={goHome} />;
  }
}
