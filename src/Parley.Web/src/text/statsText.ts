import type { CandidateType, ConnectionPath, Quality } from '../core/callStats';

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

/** A connection's quality in a word, as the indicator and the stats panel show it. */
export function qualityText(quality: Quality): string {
  switch (quality) {
    case 'good':
      return 'good';
    case 'fair':
      return 'fair';
    case 'poor':
      return 'poor';
    case 'unknown':
      return 'not known yet';
  }
}

/** How media to one person travels, in words with the ICE term after them. */
export function pathText(path: ConnectionPath | null): string {
  if (path === null) {
    return 'not chosen yet';
  }
  switch (path.kind) {
    case 'host':
      return 'direct, same network (host)';
    case 'srflx':
      return 'direct, through NAT (srflx)';
    case 'relay':
      return path.relayProtocol === null
        ? 'relayed by their TURN server (relay)'
        : `relayed by TURN over ${path.relayProtocol.toUpperCase()} (relay)`;
  }
}
