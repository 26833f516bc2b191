import { useState } from 'react';
import { JoinForm } from '../components/JoinForm';
import { generateRoomName } from '../core/roomName';

interface HomePageProps {
  username: string;
  onJoin: (username: string, room: string) => void;
}

/** Start a call: pick a name and a room (a fresh unguessable one is suggested). */
export function HomePage({ username, onJoin }: HomePageProps) {
  const [suggestedRoom] = useState(generateRoomName);
  return (
    <main className="page page--form">
      <h1 className="brand">Parley</h1>
      <p className="lead">Private one-to-one video calls. Join a room, then send its link to the other person.</p>
      <JoinForm
        initialUsername={username}
        initialRoom={suggestedRoom}
        onJoin={(name, room) => onJoin(name, room ?? suggestedRoom)}
      />
    </main>
  );
}
