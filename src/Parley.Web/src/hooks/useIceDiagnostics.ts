import { useCallback, useEffect, useState } from 'react';
import { gatherCandidates, hasTurnServer, parseIceServersResponse, summarizeGathering } from '../core/diagnostics';
import type { GatherFailure, GatherResult, GatherSummary, GatheredCandidate } from '../core/diagnostics';
import { errorDetail } from '../core/errorDetail';
import { runRelayTest } from '../core/relayTest';
import type { RelayTestResult } from '../core/relayTest';

/**
 * ICE servers minted for one check: the TURN credential allows two relays for two minutes, so every run (the
 * gathering, each relay test) fetches its own, within the server's per-address limit.
 */
export const ICE_SERVERS_URL = '/api/ice-servers/probe';

export type GatherState =
  | { phase: 'loading' }
  | { phase: 'gathering'; servers: RTCIceServer[]; candidates: readonly GatheredCandidate[] }
  | { phase: 'done'; servers: RTCIceServer[]; result: GatherResult; summary: GatherSummary }
  | { phase: 'error'; failure: GatherFailure };

class IceServersRefusedError extends Error {
  override readonly name = 'IceServersRefusedError';
  readonly status: number;

  constructor(status: number) {
    super(`GET ${ICE_SERVERS_URL} answered ${status}`);
    this.status = status;
  }
}

export type RelayState = { phase: 'idle' } | { phase: 'running' } | { phase: 'done'; result: RelayTestResult };

async function fetchIceServers(): Promise<RTCIceServer[]> {
  const response = await fetch(ICE_SERVERS_URL, { cache: 'no-store' });
  if (!response.ok) {
    throw new IceServersRefusedError(response.status);
  }
  return parseIceServersResponse(await response.json());
}

/**
 * The network checks of the diagnostics page: candidate gathering (started at once) and the
 * relay test (on demand), both against the ICE servers this Parley server hands out.
 *
 * @example
 * const { gather, relay, regather, testRelay } = useIceDiagnostics();
 */
export function useIceDiagnostics() {
  const [gather, setGather] = useState<GatherState>({ phase: 'loading' });
  const [relay, setRelay] = useState<RelayState>({ phase: 'idle' });
  const [run, setRun] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const go = async (): Promise<void> => {
      const servers = await fetchIceServers();
      if (cancelled) {
        return;
      }
      const seen: GatheredCandidate[] = [];
      setGather({ phase: 'gathering', servers, candidates: [] });
      const result = await gatherCandidates({
        createConnection: (configuration) => new RTCPeerConnection(configuration),
        iceServers: servers,
        onCandidate: (candidate) => {
          seen.push(candidate);
          if (!cancelled) {
            setGather({ phase: 'gathering', servers, candidates: [...seen] });
          }
        },
      });
      if (!cancelled) {
        setGather({ phase: 'done', servers, result, summary: summarizeGathering(result, hasTurnServer(servers)) });
      }
    };
    go().catch((error: unknown) => {
      if (!cancelled) {
        const failure: GatherFailure =
          error instanceof IceServersRefusedError
            ? { code: 'ice-servers-refused', status: error.status }
            : { code: 'failed', detail: errorDetail(error) };
        setGather({ phase: 'error', failure });
      }
    });
    return () => {
      cancelled = true;
    };
  }, [run]);

  const regather = useCallback(() => {
    setGather({ phase: 'loading' });
    setRun((n) => n + 1);
  }, []);
  const testRelay = useCallback(() => {
    setRelay({ phase: 'running' });
    fetchIceServers()
      .then((servers) => runRelayTest(servers))
      .then(
        (result) => setRelay({ phase: 'done', result }),
        (error: unknown) =>
          setRelay({
            phase: 'done',
            result: { ok: false, failure: { code: 'could-not-run', detail: errorDetail(error) } },
          }),
      );
  }, []);

  return { gather, relay, regather, testRelay };
}
