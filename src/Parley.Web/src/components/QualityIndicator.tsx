import type { Quality } from '../core/callStats';

interface QualityIndicatorProps {
  quality: Quality;
}

const WORDS: Record<Quality, string> = {
  good: 'Connection good',
  fair: 'Connection fair',
  poor: 'Connection poor',
  unknown: 'Connection quality unknown',
};

/** Three bars and a word: good, fair or poor, from round-trip time, loss and jitter. */
export function QualityIndicator({ quality }: QualityIndicatorProps) {
  const bars = quality === 'good' ? 3 : quality === 'fair' ? 2 : quality === 'poor' ? 1 : 0;
  return (
    <p className={`quality quality--${quality}`} data-quality={quality}>
      <span className="quality__bars" aria-hidden="true">
        {[1, 2, 3].map((bar) => (
          <span key={bar} className={bar <= bars ? 'quality__bar quality__bar--on' : 'quality__bar'} />
        ))}
      </span>
      <span className="quality__text">{WORDS[quality]}</span>
    </p>
  );
}
