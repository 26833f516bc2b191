import type { CandidateType } from '../core/callStats';

/** What a candidate type means to a person reading the stats panel. */
export function candidateTypeText(type: CandidateType | null): string {
  switch (type) {
    case 'host':
      return 'host (direct, same network)';
    case 'srflx':
    case 'prflx':
      return `${type} (direct, through NAT)`;
    case 'relay':
      return 'relay (through TURN)';
    case null:
      return 'not chosen yet';
  }
}
