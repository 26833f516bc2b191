import { useCallback, useEffect, useState } from 'react';
import type { RefObject } from 'react';

export interface FullScreen {
  /** Whether the element is shown full screen now. */
  readonly active: boolean;
  /** Whether this browser can show an element full screen at all (most phones but iPhones can). */
  readonly supported: boolean;
  readonly toggle: () => void;
}

/**
 * Shows an element full screen and back (Escape leaves it too, as the browser does).
 *
 * @example
 * const fullScreen = useFullScreen(tileRef);
 */
export function useFullScreen(ref: RefObject<HTMLElement | null>): FullScreen {
  const [active, setActive] = useState(false);

  useEffect(() => {
    const changed = (): void => setActive(document.fullscreenElement !== null && document.fullscreenElement === ref.current);
    document.addEventListener('fullscreenchange', changed);
    return () => document.removeEventListener('fullscreenchange', changed);
  }, [ref]);

  const toggle = useCallback(() => {
    const element = ref.current;
    if (element === null) {
      return;
    }
    const done = document.fullscreenElement === element ? document.exitFullscreen() : element.requestFullscreen();
    done.catch((error: unknown) => console.warn('Parley: full screen was refused', error));
  }, [ref]);

  return { active, supported: document.fullscreenEnabled, toggle };
}
