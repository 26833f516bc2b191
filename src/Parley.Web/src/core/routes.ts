/** The client's screens and their URLs: `/`, the shareable `/r/<room>`, and `/diagnostics`. */
export type Route = { page: 'home' } | { page: 'room'; room: string } | { page: 'diagnostics' } | { page: 'not-found' };

export const DIAGNOSTICS_PATH = '/diagnostics';

const ROOM_PATH = /^\/r\/([^/]+)\/?$/;

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') {
    return { page: 'home' };
  }
  if (pathname === DIAGNOSTICS_PATH || pathname === `${DIAGNOSTICS_PATH}/`) {
    return { page: 'diagnostics' };
  }
  const match = ROOM_PATH.exec(pathname);
  if (match?.[1] === undefined) {
    return { page: 'not-found' };
  }
  try {
    return { page: 'room', room: decodeURIComponent(match[1]) };
  } catch {
    // A malformed percent-escape: no room can be named like that.
    return { page: 'not-found' };
  }
}

/** The shareable path of a room. */
export function roomPath(room: string): string {
  return `/r/${encodeURIComponent(room)}`;
}

/**
 * The full invite link of a room, for the given origin (`location.origin`). A passcode goes in the
 * fragment (`#k=`), which browsers never send to the server, so it stays out of its logs.
 */
export function inviteLink(origin: string, room: string, passcode: string | null = null): string {
  return origin + roomPath(room) + (passcode === null || passcode === '' ? '' : `#k=${encodeURIComponent(passcode)}`);
}

/** The passcode a link carries in its fragment (`location.hash`), or `null`. */
export function passcodeFromFragment(hash: string): string | null {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('k');
  return value === null || value === '' ? null : value;
}
