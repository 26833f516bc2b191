import { Icon } from './Icon';

interface HangUpButtonProps {
  onHangUp: () => void;
}

export function HangUpButton({ onHangUp }: HangUpButtonProps) {
  return (
    <button type="button" className="button button--danger" aria-label="Hang up" onClick={onHangUp}>
      <Icon name="hangUp" />
      <span>Hang up</span>
    </button>
  );
}
