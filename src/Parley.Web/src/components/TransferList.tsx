import type { FileTransferView } from '../core/callData';
import { formatBytes, transferFailureText } from '../text/chatText';

interface TransferListProps {
  transfers: readonly FileTransferView[];
}

/** Files on their way, with a progress bar each, and links to save received ones. */
export function TransferList({ transfers }: TransferListProps) {
  if (transfers.length === 0) {
    return null;
  }
  return (
    <ul className="transfers" aria-label="File transfers">
      {transfers.map((transfer) => (
        <li key={transfer.id} className={`transfer transfer--${transfer.state}`} data-transfer-state={transfer.state}>
          <span className="transfer__name">
            {transfer.direction === 'out' ? 'Sending' : 'Receiving'} {transfer.name} ({formatBytes(transfer.size)}){' '}
            {transfer.direction === 'out' ? 'to' : 'from'} {transfer.peerName}
          </span>
          {(transfer.state === 'sending' || transfer.state === 'receiving') && (
            <progress aria-label={`${transfer.name} progress`} max={transfer.size} value={transfer.doneBytes} />
          )}
          {transfer.state === 'done' && transfer.direction === 'out' && <span>Sent.</span>}
          {transfer.state === 'done' && transfer.url !== undefined && (
            <a
              className="button button--small"
              href={transfer.url}
              download={transfer.name}
              data-sha256={transfer.sha256}
            >
              Download {transfer.name}
            </a>
          )}
          {transfer.state === 'failed' && transfer.failure !== undefined && (
            <span className="field__error">{transferFailureText(transfer, transfer.failure)}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
