import type { CallStatus as Status } from '../core/callController';

interface CallStatusProps {
  status: Status;
  onRetry: () => void;
}

function describe(status: Status): { title: string; detail?: string; retry: boolean } {
  switch (status.state) {
    case 'connecting-server':
      return { title: 'Starting your camera and connecting to the server…', retry: false };
    case 'waiting':
      return {
        title: 'Waiting for the other person to join…',
        detail: 'Send them the invite link of this room.',
        retry: false,
      };
    case 'connecting':
      return status.recovering === true
        ? {
            title: `Reconnecting to ${status.peerName}…`,
            detail: 'The connection dropped for a moment; Parley is restoring it. Stay here.',
            retry: false,
          }
        : { title: `Connecting to ${status.peerName}…`, retry: false };
    case 'connected':
      return { title: `Connected with ${status.peerName}`, retry: false };
    case 'ice-failed':
      return {
        title: `Cannot connect to ${status.peerName}: your networks block a direct connection.`,
        detail: status.relayOffered
          ? 'The relay server could not be reached either. Parley keeps trying; another network (or Wi-Fi instead of mobile data) may help.'
          : 'This server offers no relay (TURN) to go through instead. Parley keeps trying; another network may help, or ask the server operator to enable TURN.',
        retry: false,
      };
    case 'peer-reconnecting':
      return {
        title: `${status.peerName} is reconnecting…`,
        detail: 'Their connection to the server dropped; their seat is kept for them while they come back.',
        retry: false,
      };
    case 'peer-left':
      return {
        title: `${status.peerName} left the call`,
        detail: 'Stay here to wait for them to come back, or hang up.',
        retry: false,
      };
    case 'room-full':
      return {
        title: 'This room is full: it already has two people in a call.',
        detail: 'Try again later, or hang up and start a new call with another room name.',
        retry: true,
      };
    case 'media-denied':
      return {
        title: 'Parley may not use your camera and microphone.',
        detail:
          "Allow camera and microphone access for this site (the camera icon in the address bar, or the browser's site settings), then choose Try again.",
        retry: true,
      };
    case 'media-missing':
      return {
        title: 'No camera or microphone was found.',
        detail: 'Connect a camera and a microphone, then choose Try again.',
        retry: true,
      };
    case 'server-unreachable':
      return {
        title: 'Cannot reach the Parley server.',
        detail: 'Check your network connection, then choose Try again.',
        retry: true,
      };
    case 'error':
      return { title: 'Something went wrong.', detail: status.message, retry: true };
  }
}

/** The call's state in words; `data-state` carries the machine-readable state. */
export function CallStatus({ status, onRetry }: CallStatusProps) {
  const { title, detail, retry } = describe(status);
  return (
    <div className={`status status--${status.state}`} role="status" data-state={status.state}>
      <p className="status__title">{title}</p>
      {detail !== undefined && <p className="status__detail">{detail}</p>}
      {retry && (
        <button type="button" className="button button--primary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
