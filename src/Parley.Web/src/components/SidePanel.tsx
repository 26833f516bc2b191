import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

interface SidePanelProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
}

/** A panel beside the videos (a sheet over them on a phone); Escape or Close shuts it. */
export function SidePanel({ title, onClose, children }: SidePanelProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  return (
    <aside
      className="side-panel"
      aria-label={title}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          onClose();
        }
      }}
    >
      <header className="side-panel__header">
        <h2 ref={headingRef} tabIndex={-1}>
          {title}
        </h2>
        <button type="button" className="button button--small" aria-label={`Close ${title.toLowerCase()}`} onClick={onClose}>
          Close
        </button>
      </header>
      {/* Focusable, so that a keyboard can scroll a panel longer than the screen (the stats of a group call). */}
      <div className="side-panel__body" tabIndex={0}>
        {children}
      </div>
    </aside>
  );
}
