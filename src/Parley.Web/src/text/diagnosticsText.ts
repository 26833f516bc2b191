import type { GatherFailure, GatherSummary } from '../core/diagnostics';
import type { RelayTestResult } from '../core/relayTest';

/** What the gathered candidates mean for calls, and what to do about it. */
export function verdictText(verdict: GatherSummary['verdict']): string {
  switch (verdict) {
    case 'relay-available':
      return 'TURN answered: calls can go through the relay when a direct path fails.';
    case 'no-turn-offered':
      return 'This server hands out no TURN server, so calls between different networks may fail.';
    case 'turn-unreachable':
      return 'TURN did not answer: calls between networks that block direct connections will fail. Check that the TURN port is reachable from this network (a firewall or proxy may block it).';
  }
}

/** Why no candidates could be gathered. */
export function gatherFailureText(failure: GatherFailure): string {
  switch (failure.code) {
    case 'ice-servers-refused':
      if (failure.status === 429) {
        return 'This network ran the checks too often just now. Wait a minute, then check again.';
      }
      return `The server answered ${failure.status} for its ICE servers. Reload the page; if it persists, the server's configuration needs a look.`;
    case 'failed':
      return failure.detail ?? 'Gathering candidates failed.';
  }
}

/** How the relay test went, and what to do if it failed. */
export function relayResultText(result: RelayTestResult): string {
  if (result.ok) {
    return `Data went through TURN and back in ${result.roundTripMs} ms.`;
  }
  switch (result.failure.code) {
    case 'timeout':
      return `No data came back through TURN within ${result.failure.seconds} s. Check that the TURN server is reachable from this network.`;
    case 'could-not-run':
      return `The relay test could not run${result.failure.detail === null ? '.' : `: ${result.failure.detail}`}`;
  }
}
