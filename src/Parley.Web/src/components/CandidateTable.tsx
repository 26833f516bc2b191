import type { GatheredCandidate } from '../core/diagnostics';

interface CandidateTableProps {
  candidates: readonly GatheredCandidate[];
}

/** Every ICE candidate found: type, protocol, address and when it arrived. */
export function CandidateTable({ candidates }: CandidateTableProps) {
  return (
    // Focusable, so that a keyboard can scroll the table on a narrow screen.
    <div className="table-scroll" tabIndex={0} role="region" aria-label="ICE candidates">
      <table className="candidates">
        <caption className="visually-hidden">ICE candidates</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Protocol</th>
            <th scope="col">Address</th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {candidates.length === 0 && (
            <tr>
              <td colSpan={4}>None yet.</td>
            </tr>
          )}
          {candidates.map((candidate, index) => (
            <tr key={index} data-candidate-type={candidate.type}>
              <td>{candidate.type}</td>
              <td>
                {candidate.protocol}
                {candidate.relayProtocol === null ? '' : ` (to TURN: ${candidate.relayProtocol})`}
              </td>
              <td>
                {candidate.address}:{candidate.port}
              </td>
              <td>{candidate.elapsedMs} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
