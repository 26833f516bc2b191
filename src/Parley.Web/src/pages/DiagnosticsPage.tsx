import { CandidateTable } from '../components/CandidateTable';
import { VideoView } from '../components/VideoView';
import { useDeviceCheck } from '../hooks/useDeviceCheck';
import { useIceDiagnostics } from '../hooks/useIceDiagnostics';
import { gatherFailureText, relayResultText, verdictText } from '../text/diagnosticsText';
import { deviceCheckFailureText } from '../text/mediaText';

interface DiagnosticsPageProps {
  onHome: () => void;
}

const STUN_WORDS = {
  yes: 'yes',
  'no-nat': 'not needed (no NAT: the server sees this machine’s own address)',
  no: 'no',
} as const;

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

/** Why a call might fail: network candidates, a relay test through TURN, camera and microphone. */
export function DiagnosticsPage({ onHome }: DiagnosticsPageProps) {
  const { gather, relay, regather, testRelay } = useIceDiagnostics();
  const { check, level, start } = useDeviceCheck();
  return (
    <main className="page page--wide">
      <h1 className="brand">Connection diagnostics</h1>
      <p className="lead">
        These checks show how this browser reaches the other person: directly, or through Parley's relay (TURN).
      </p>

      <section className="card" aria-labelledby="diag-ice">
        <h2 id="diag-ice">Network candidates</h2>
        {gather.phase === 'loading' && <p>Asking the server for its STUN and TURN servers…</p>}
        {gather.phase === 'error' && (
          <p className="field__error" role="alert">
            {gatherFailureText(gather.failure)}
          </p>
        )}
        {(gather.phase === 'gathering' || gather.phase === 'done') && (
          <>
            <p>
              ICE servers: {gather.servers.length === 0 ? 'none' : gather.servers.flatMap((s) => s.urls).join(', ')}
            </p>
            <CandidateTable candidates={gather.phase === 'done' ? gather.result.candidates : gather.candidates} />
          </>
        )}
        {gather.phase === 'gathering' && <p aria-live="polite">Gathering candidates…</p>}
        {gather.phase === 'done' && (
          <div
            className="diag-summary"
            data-gather="done"
            data-stun={gather.summary.stun}
            data-turn={yesNo(gather.summary.turn)}
          >
            <p>
              STUN answered: <strong>{STUN_WORDS[gather.summary.stun]}</strong> · TURN answered:{' '}
              <strong>{yesNo(gather.summary.turn)}</strong> · finished in {gather.result.elapsedMs} ms
              {gather.result.complete ? '' : ' (stopped at the time limit)'}
            </p>
            <p>{verdictText(gather.summary.verdict)}</p>
            {gather.result.errors.length > 0 && (
              <ul className="diag-errors">
                {gather.result.errors.map((error, index) => (
                  <li key={index}>
                    {error.url}: {error.code} {error.text}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <button type="button" className="button" onClick={regather}>
          Gather again
        </button>
      </section>

      <section className="card" aria-labelledby="diag-relay">
        <h2 id="diag-relay">Relay test</h2>
        <p>Sends a message out to the TURN server and back, through two connections that may only use the relay.</p>
        <button type="button" className="button button--primary" onClick={testRelay} disabled={relay.phase === 'running'}>
          Run relay test
        </button>
        <p
          className={relay.phase === 'done' && !relay.result.ok ? 'field__error' : ''}
          data-relay={relay.phase === 'done' ? (relay.result.ok ? 'ok' : 'failed') : relay.phase}
          aria-live="polite"
        >
          {relay.phase === 'running' && 'Testing the relay…'}
          {relay.phase === 'done' && relayResultText(relay.result)}
        </p>
      </section>

      <section className="card" aria-labelledby="diag-devices">
        <h2 id="diag-devices">Camera and microphone</h2>
        <button type="button" className="button button--primary" onClick={start} disabled={check.phase === 'running'}>
          Check camera and microphone
        </button>
        {check.phase === 'error' && (
          <p className="field__error" role="alert" data-device-check="failed">
            {deviceCheckFailureText(check.failure)}
          </p>
        )}
        {check.phase === 'done' && (
          <div className="device-check" data-device-check="ok">
            <VideoView className="video--preview" stream={check.stream} label="Camera check" muted />
            <dl className="stats">
              <div className="stats__row">
                <dt>Camera</dt>
                <dd>
                  {check.camera ?? 'none'} {check.resolution === null ? '' : `(${check.resolution})`}
                </dd>
              </div>
              <div className="stats__row">
                <dt>Microphone</dt>
                <dd>{check.microphone ?? 'none'}</dd>
              </div>
            </dl>
            <label className="meter">
              Microphone level
              <meter min={0} max={100} value={level} />
            </label>
          </div>
        )}
      </section>

      <button type="button" className="button" onClick={onHome}>
        Back to Parley
      </button>
    </main>
  );
}
