import type {
  DataEvent,
  IceServer,
  IceServersRenewal,
  JoinResult,
  PeerInfo,
  ReadyPeer,
  RefusedCall,
  SignalMessage,
  SignalingError,
} from './types';

/** Turns a description or candidate into the `Data` payload string. */
export function encodeSignalMessage(message: SignalMessage): string {
  return JSON.stringify(message);
}

/** Whether a parsed JSON value is an object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A text message (of a DataChannel) as the JSON object it holds, or `null` when it holds none. */
export function parseJsonObject(data: unknown): Record<string, unknown> | null {
  if (typeof data !== 'string') {
    return null;
  }
  try {
    const value: unknown = JSON.parse(data);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

function isSdpType(value: unknown): value is RTCSdpType {
  return value === 'offer' || value === 'answer' || value === 'pranswer' || value === 'rollback';
}

function parseDescription(value: unknown): RTCSessionDescriptionInit | null {
  if (!isRecord(value) || !isSdpType(value.type)) {
    return null;
  }
  if (value.sdp !== undefined && typeof value.sdp !== 'string') {
    return null;
  }
  return typeof value.sdp === 'string' ? { type: value.type, sdp: value.sdp } : { type: value.type };
}

function parseCandidate(value: unknown): RTCIceCandidateInit | null | undefined {
  if (value === null) {
    return null;
  }
  if (!isRecord(value) || typeof value.candidate !== 'string') {
    return undefined;
  }
  const candidate: RTCIceCandidateInit = { candidate: value.candidate };
  if (typeof value.sdpMid === 'string' || value.sdpMid === null) {
    candidate.sdpMid = value.sdpMid;
  }
  if (typeof value.sdpMLineIndex === 'number' || value.sdpMLineIndex === null) {
    candidate.sdpMLineIndex = value.sdpMLineIndex;
  }
  if (typeof value.usernameFragment === 'string' || value.usernameFragment === null) {
    candidate.usernameFragment = value.usernameFragment;
  }
  return candidate;
}

/**
 * Reads a `Data` payload defensively: anything that is not JSON holding a well-formed
 * `description`, `candidate`, `renew` or `renewed` gives `null`, never an exception.
 */
export function parseSignalMessage(payload: string): SignalMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!isRecord(value)) {
    return null;
  }
  if ('description' in value) {
    const description = parseDescription(value.description);
    return description === null ? null : { description };
  }
  if ('candidate' in value) {
    const candidate = parseCandidate(value.candidate);
    return candidate === undefined ? null : { candidate };
  }
  if (value.renew === true) {
    return { renew: true };
  }
  return value.renewed === true ? { renewed: true } : null;
}

export function parsePeerInfo(value: unknown): PeerInfo | null {
  if (!isRecord(value) || typeof value.peerId !== 'string' || value.peerId === '') {
    return null;
  }
  return { peerId: value.peerId, username: typeof value.username === 'string' ? value.username : '' };
}

/** Reads `Ready`'s argument; a server without the reconnect grace period sends no `resumed`. */
export function parseReadyPeer(value: unknown): ReadyPeer | null {
  const peer = parsePeerInfo(value);
  if (peer === null) {
    return null;
  }
  return { ...peer, resumed: isRecord(value) && value.resumed === true };
}

export function parseDataEvent(value: unknown): DataEvent | null {
  if (!isRecord(value) || typeof value.from !== 'string' || typeof value.payload !== 'string') {
    return null;
  }
  return {
    from: value.from,
    username: typeof value.username === 'string' ? value.username : '',
    payload: value.payload,
  };
}

function parseError(value: unknown): SignalingError | null {
  if (!isRecord(value)) {
    return null;
  }
  return {
    code: typeof value.code === 'string' ? value.code : 'unknown',
    message: typeof value.message === 'string' ? value.message : 'The server refused the request.',
  };
}

/** Reads a `Refused` event; null when it is not one. */
export function parseRefusedCall(value: unknown): RefusedCall | null {
  if (!isRecord(value) || typeof value.method !== 'string') {
    return null;
  }
  const error = parseError(value.error);
  return error === null ? null : { method: value.method, error };
}

/** Reads the `error` of any signaling result; a result that is not an object counts as an error. */
export function parseResultError(value: unknown): SignalingError | null {
  if (!isRecord(value)) {
    return { code: 'bad-response', message: 'The server sent an unexpected answer.' };
  }
  return parseError(value.error);
}

function parseIceServer(value: unknown): IceServer | null {
  if (!isRecord(value)) {
    return null;
  }
  const urls = typeof value.urls === 'string' ? [value.urls] : value.urls;
  if (!Array.isArray(urls) || !urls.every((url): url is string => typeof url === 'string')) {
    return null;
  }
  const server: IceServer = { urls };
  if (typeof value.username === 'string') {
    server.username = value.username;
  }
  if (typeof value.credential === 'string') {
    server.credential = value.credential;
  }
  return server;
}

/** Reads the `IceServers` event's argument, dropping ICE servers it cannot make sense of; `null` when it has no list. */
export function parseIceServersRenewal(value: unknown): IceServersRenewal | null {
  if (!isRecord(value) || !Array.isArray(value.iceServers)) {
    return null;
  }
  const iceServers = value.iceServers.map(parseIceServer).filter((server): server is IceServer => server !== null);
  return { iceServers, iceTransportPolicy: value.iceTransportPolicy === 'relay' ? 'relay' : 'all' };
}

/** Reads a `Join`/`Rejoin`/`Resume` result, dropping peers and ICE servers it cannot make sense of. */
export function parseJoinResult(value: unknown): JoinResult {
  const error = parseResultError(value);
  const record = isRecord(value) ? value : {};
  const peers = Array.isArray(record.peers) ? record.peers.map(parsePeerInfo) : [];
  const iceServers = Array.isArray(record.iceServers) ? record.iceServers.map(parseIceServer) : [];
  const result: JoinResult = {
    error,
    peerId: typeof record.peerId === 'string' ? record.peerId : null,
    resumeToken: typeof record.resumeToken === 'string' ? record.resumeToken : null,
    room: typeof record.room === 'string' ? record.room : null,
    capacity: typeof record.capacity === 'number' ? record.capacity : 0,
    peers: peers.filter((peer): peer is PeerInfo => peer !== null),
    iceServers: iceServers.filter((server): server is IceServer => server !== null),
    iceTransportPolicy: record.iceTransportPolicy === 'relay' ? 'relay' : 'all',
    resumed: record.resumed === true,
  };
  if (result.error === null && result.peerId === null) {
    result.error = { code: 'bad-response', message: 'The server did not give this call a peer id.' };
  }
  return result;
}
