import type { CallStatus as Status } from '../core/callStatus';
import { callStatusText } from '../text/callStatusText';

interface CallStatusProps {
  status: Status;
  onRetry: () => void;
}

/** The call's state in words; `data-state` carries the machine-readable state. */
export function CallStatus({ status, onRetry }: CallStatusProps) {
  const { title, detail, retry } = callStatusText(status);
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
