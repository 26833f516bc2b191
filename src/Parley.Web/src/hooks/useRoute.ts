import { useCallback, useSyncExternalStore } from 'react';
import { parseRoute } from '../core/routes';
import type { Route } from '../core/routes';

// pushState fires no event of its own, so navigate() announces changes on this one.
const NAVIGATE_EVENT = 'parley:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const getPathname = (): string => window.location.pathname;

/**
 * The current screen from `location.pathname`, and `navigate(path)` to move to another with
 * `history.pushState`; back and forward buttons work too.
 */
export function useRoute(): { route: Route; pathname: string; navigate: (path: string) => void } {
  const pathname = useSyncExternalStore(subscribe, getPathname);
  const navigate = useCallback((path: string) => {
    if (path !== window.location.pathname) {
      window.history.pushState(null, '', path);
      window.dispatchEvent(new Event(NAVIGATE_EVENT));
    }
  }, []);
  return { route: parseRoute(pathname), pathname, navigate };
}
