/** Where a tab keeps the `resumeToken` of each room it joined, so a reload can `Rejoin`. */
export interface ResumeTokenStore {
  get(room: string): string | null;
  set(room: string, token: string): void;
  delete(room: string): void;
}

const KEY_PREFIX = 'parley.resumeToken.';

/**
 * A store over `sessionStorage`: it lives as long as the tab, which is what a reload needs.
 * Storage that throws (disabled, full, private mode) just means no resume.
 */
export function createSessionTokenStore(storage: Storage | null = sessionStorageOrNull()): ResumeTokenStore {
  return {
    get(room) {
      try {
        return storage?.getItem(KEY_PREFIX + room) ?? null;
      } catch {
        return null;
      }
    },
    set(room, token) {
      try {
        storage?.setItem(KEY_PREFIX + room, token);
      } catch {
        // No resume after a reload; the call itself is not affected.
      }
    },
    delete(room) {
      try {
        storage?.removeItem(KEY_PREFIX + room);
      } catch {
        // Nothing stored, nothing to forget.
      }
    },
  };
}

function sessionStorageOrNull(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/** A store for tests and for browsers without storage. */
export function createMemoryTokenStore(): ResumeTokenStore {
  const tokens = new Map<string, string>();
  return {
    get: (room) => tokens.get(room) ?? null,
    set: (room, token) => void tokens.set(room, token),
    delete: (room) => void tokens.delete(room),
  };
}
