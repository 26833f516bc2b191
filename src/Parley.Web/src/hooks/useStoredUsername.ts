import { useCallback, useState } from 'react';

const KEY = 'parley.username';

function read(): string {
  try {
    return window.localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

/** The username this browser used last time, and a setter that remembers a new one. */
export function useStoredUsername(): [string, (username: string) => void] {
  const [username, setUsername] = useState(read);
  const remember = useCallback((next: string) => {
    setUsername(next);
    try {
      window.localStorage.setItem(KEY, next);
    } catch {
      // Storage disabled: the name is simply asked for again next time.
    }
  }, []);
  return [username, remember];
}
