import { useEffect, useState } from 'react';

interface CopyLinkButtonProps {
  link: string;
}

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies the invite link; where the clipboard is unavailable it shows the link to copy by hand. */
export function CopyLinkButton({ link }: CopyLinkButtonProps) {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state !== 'copied') {
      return;
    }
    const timer = window.setTimeout(() => setState('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [state]);

  const copy = () => {
    if (typeof navigator.clipboard === 'undefined') {
      setState('failed');
      return;
    }
    navigator.clipboard.writeText(link).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };

  return (
    <div className="copy-link">
      <button type="button" className="button" onClick={copy}>
        {state === 'copied' ? 'Link copied' : 'Copy invite link'}
      </button>
      <p className="copy-link__feedback" aria-live="polite">
        {state === 'failed' && (
          <>
            Copy this link by hand: <span className="copy-link__url">{link}</span>
          </>
        )}
      </p>
    </div>
  );
}
