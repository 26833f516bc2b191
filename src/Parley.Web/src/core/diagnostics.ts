/**
 * The checks of the diagnostics page: Trickle-ICE-style candidate gathering against Parley's ICE
 * servers, a relay test through TURN, and helpers to describe what they found.
 */
import type { DataChannelLike } from './peerSession';

export interface ParsedCandidate {
  readonly type: string;
  readonly protocol: string;
  readonly address: string;
  readonly port: number;
  readonly priority: number;
  /** For relay candidates Chromium adds how it reaches TURN; otherwise `null`. */
  readonly relayProtocol: string | null;
}

/** Reads an ICE candidate line (`candidate:… 1 udp 2122260223 192.0.2.1 54400 typ host …`). */
export function parseCandidateLine(line: string): ParsedCandidate | null {
  const parts = line.trim().replace(/^a=/, '').replace(/^candidate:/, '').split(/\s+/);
  if (parts.length < 8 || parts[6] !== 'typ') {
    return null;
  }
  const [, , protocol, priority, address, port, , type] = parts;
  const portNumber = Number(port);
  const priorityNumber = Number(priority);
  if (protocol === undefined || address === undefined || type === undefined || !Number.isInteger(portNumber)) {
    return null;
  }
  const relayIndex = parts.indexOf('relay-protocol');
  return {
    type,
    protocol: protocol.toLowerCase(),
    address,
    port: portNumber,
    priority: Number.isFinite(priorityNumber) ? priorityNumber : 0,
    relayProtocol: relayIndex >= 0 ? (parts[relayIndex + 1] ?? null) : null,
  };
}

export interface GatheredCandidate extends ParsedCandidate {
  /** Milliseconds since gathering started. */
  readonly elapsedMs: number;
}

export interface GatherError {
  readonly url: string;
  readonly code: number;
  readonly text: string;
}

export interface GatherResult {
  readonly candidates: readonly GatheredCandidate[];
  readonly errors: readonly GatherError[];
  /** Gathering ended by itself (not cut short by the timeout). */
  readonly complete: boolean;
  readonly elapsedMs: number;
}

/** The part of an `RTCPeerConnection` candidate gathering uses. */
export interface ProbeConnectionLike {
  addEventListener(type: 'icecandidate', listener: (event: { readonly candidate: { readonly candidate: string } | null }) => void): void;
  addEventListener(
    type: 'icecandidateerror',
    listener: (event: { readonly url: string; readonly errorCode: number; readonly errorText: string }) => void,
  ): void;
  createDataChannel(label: string): DataChannelLike;
  createOffer(): Promise<RTCSessionDescriptionInit>;
  setLocalDescription(description: RTCSessionDescriptionInit): Promise<void>;
  close(): void;
}

export interface GatherOptions {
  createConnection: (configuration: RTCConfiguration) => ProbeConnectionLike;
  iceServers: RTCIceServer[];
  timeoutMs?: number;
  now?: () => number;
  /** Called for each candidate as it arrives, so the page can list them live. */
  onCandidate?: (candidate: GatheredCandidate) => void;
}

/** Gathers every candidate a fresh connection finds with the given ICE servers, with timings. */
export function gatherCandidates(options: GatherOptions): Promise<GatherResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const pc = options.createConnection({ iceServers: options.iceServers, iceCandidatePoolSize: 0 });
  const candidates: GatheredCandidate[] = [];
  const errors: GatherError[] = [];
  return new Promise<GatherResult>((resolve) => {
    let done = false;
    const finish = (complete: boolean): void => {
      if (done) {
        return;
      }
      done = true;
      clearTimeout(timer);
      pc.close();
      resolve({ candidates, errors, complete, elapsedMs: Math.round(now() - started) });
    };
    const timer = setTimeout(() => finish(false), options.timeoutMs ?? 10_000);
    pc.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate === null || candidate.candidate === '') {
        finish(true);
        return;
      }
      const parsed = parseCandidateLine(candidate.candidate);
      if (parsed !== null && !done) {
        const gathered = { ...parsed, elapsedMs: Math.round(now() - started) };
        candidates.push(gathered);
        options.onCandidate?.(gathered);
      }
    });
    pc.addEventListener('icecandidateerror', (event) => {
      errors.push({ url: event.url, code: event.errorCode, text: event.errorText });
    });
    pc.createDataChannel('probe');
    pc.createOffer()
      .then((offer) => pc.setLocalDescription(offer))
      .catch((error: unknown) => {
        errors.push({ url: '', code: 0, text: error instanceof Error ? error.message : String(error) });
        finish(false);
      });
  });
}

/** Why the candidates could not be gathered: the server refused its ICE servers (an HTTP status), or anything else. */
export type GatherFailure =
  | { readonly code: 'ice-servers-refused'; readonly status: number }
  | { readonly code: 'failed'; readonly detail: string | null };

export interface GatherSummary {
  readonly host: boolean;
  /**
   * `yes`: a STUN server answered with a public address (a server-reflexive candidate).
   * `no-nat`: no such candidate, but TURN answered and saw this machine's own address, so there is
   * no NAT in between (browsers drop a reflexive candidate equal to a host one). `no`: neither.
   */
  readonly stun: 'yes' | 'no-nat' | 'no';
  /** A TURN server answered: a relay candidate was allocated. */
  readonly turn: boolean;
  /**
   * What it means for calls: `relay-available` (a relay can carry calls that find no direct path), `no-turn-offered`
   * (the server hands out no TURN server), `turn-unreachable` (it does, but it did not answer from here).
   */
  readonly verdict: 'relay-available' | 'no-turn-offered' | 'turn-unreachable';
}

/** What the candidates mean for calls. */
export function summarizeGathering(result: GatherResult, hasTurn: boolean): GatherSummary {
  const types = new Set(result.candidates.map((candidate) => candidate.type));
  const host = types.has('host');
  const turn = types.has('relay');
  const stun = types.has('srflx') ? 'yes' : turn ? 'no-nat' : 'no';
  const verdict = turn ? 'relay-available' : hasTurn ? 'turn-unreachable' : 'no-turn-offered';
  return { host, stun, turn, verdict };
}

/** Whether any of the ICE servers is a TURN server (turn: or turns: URL). */
export function hasTurnServer(iceServers: readonly { readonly urls: string | readonly string[] }[]): boolean {
  return iceServers.some((server) =>
    (typeof server.urls === 'string' ? [server.urls] : server.urls).some((url) => /^turns?:/i.test(url)),
  );
}

/** Reads `GET /api/ice-servers/probe` (`{ iceServers: [...] }`) into `RTCIceServer`s, dropping malformed ones. */
export function parseIceServersResponse(value: unknown): RTCIceServer[] {
  if (typeof value !== 'object' || value === null || !('iceServers' in value) || !Array.isArray(value.iceServers)) {
    return [];
  }
  const servers: RTCIceServer[] = [];
  const entries: unknown[] = value.iceServers;
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null || !('urls' in entry)) {
      continue;
    }
    const urls = typeof entry.urls === 'string' ? [entry.urls] : entry.urls;
    if (!Array.isArray(urls) || !urls.every((url): url is string => typeof url === 'string')) {
      continue;
    }
    const server: RTCIceServer = { urls };
    if ('username' in entry && typeof entry.username === 'string') {
      server.username = entry.username;
    }
    if ('credential' in entry && typeof entry.credential === 'string') {
      server.credential = entry.credential;
    }
    servers.push(server);
  }
  return servers;
}
