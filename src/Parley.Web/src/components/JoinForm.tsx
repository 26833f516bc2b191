import { useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { SignalingLimits } from '../core/contract.generated';
import { validateRoom, validateUsername } from '../core/roomName';
import { roomProblemText, usernameProblemText } from '../text/formText';
import { TextField } from './TextField';

interface JoinFormProps {
  initialUsername: string;
  /** Shows a "Room" field pre-filled with this name; `null` when the room is already chosen. */
  initialRoom: string | null;
  /** The passcode from the link, if any; the field is optional. */
  initialPasscode?: string | null;
  onJoin: (username: string, room: string | null, passcode: string | null) => void;
  /** More fields shown before the Join button (the pre-join device setup). */
  children?: ReactNode;
  /** Called on every focus, pointer press or key press inside the form: the visitor is about to join. */
  onInteraction?: () => void;
}

/** Username (and, on the home screen, Room) with the server's validation rules checked up front. */
export function JoinForm({
  initialUsername,
  initialRoom,
  initialPasscode = null,
  onJoin,
  children,
  onInteraction,
}: JoinFormProps) {
  const [username, setUsername] = useState(initialUsername);
  const [passcode, setPasscode] = useState(initialPasscode ?? '');
  const [room, setRoom] = useState(initialRoom ?? '');
  const [usernameError, setUsernameError] = useState<string | null>(null);
  const [roomError, setRoomError] = useState<string | null>(null);
  const usernameRef = useRef<HTMLInputElement>(null);
  const roomRef = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = username.trim();
    const roomName = room.trim();
    const nameProblem = validateUsername(name);
    const roomProblem = initialRoom === null ? null : validateRoom(roomName);
    setUsernameError(nameProblem === null ? null : usernameProblemText(nameProblem));
    setRoomError(roomProblem === null ? null : roomProblemText(roomProblem));
    if (nameProblem !== null) {
      usernameRef.current?.focus();
    } else if (roomProblem !== null) {
      roomRef.current?.focus();
    } else {
      onJoin(name, initialRoom === null ? null : roomName, passcode === '' ? null : passcode);
    }
  };

  return (
    <form
      className="join-form"
      onSubmit={submit}
      onFocus={onInteraction}
      onPointerDown={onInteraction}
      onKeyDown={onInteraction}
      noValidate
    >
      <TextField
        label="Username"
        value={username}
        onChange={(value) => {
          setUsername(value);
          setUsernameError(null);
        }}
        error={usernameError}
        autoComplete="nickname"
        inputRef={usernameRef}
      />
      {initialRoom !== null && (
        <TextField
          label="Room"
          value={room}
          onChange={(value) => {
            setRoom(value);
            setRoomError(null);
          }}
          error={roomError}
          hint="Letters, digits, - and _. Anyone with the room name can join, so keep it hard to guess."
          inputRef={roomRef}
        />
      )}
      <TextField
        label="Passcode"
        value={passcode}
        onChange={setPasscode}
        error={null}
        maxLength={SignalingLimits.maxPasscodeLength}
        hint="Optional. With a passcode, only people who enter the same one meet you in this room."
      />
      {children}
      <button type="submit" className="button button--primary">
        Join
      </button>
    </form>
  );
}
