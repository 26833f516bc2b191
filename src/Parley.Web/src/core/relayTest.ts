import { errorDetail } from './errorDetail';

/**
 * The diagnostics page's relay test: two connections in this page that may only use TURN relay
 * candidates (`iceTransportPolicy: 'relay'`) send a message over a DataChannel and get it back,
 * so the data really went out to the TURN server and back.
 */
export type RelayTestResult =
  /** `roundTripMs`: the round trip of the message through the relay. */
  | { readonly ok: true; readonly roundTripMs: number }
  | { readonly ok: false; readonly failure: RelayTestFailure };

export type RelayTestFailure =
  /** Nothing came back within the time limit. */
  | { readonly code: 'timeout'; readonly seconds: number }
  /** The test could not run (no ICE servers to be had, no offer); `detail` is the error's own message. */
  | { readonly code: 'could-not-run'; readonly detail: string | null };

const PING = 'parley-relay-test';

export async function runRelayTest(iceServers: RTCIceServer[], timeoutMs = 15_000): Promise<RelayTestResult> {
  const configuration: RTCConfiguration = { iceServers, iceTransportPolicy: 'relay' };
  const caller = new RTCPeerConnection(configuration);
  const callee = new RTCPeerConnection(configuration);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    caller.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate !== null) {
        void callee.addIceCandidate(candidate).catch(() => {});
      }
    });
    callee.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate !== null) {
        void caller.addIceCandidate(candidate).catch(() => {});
      }
    });
    callee.addEventListener('datachannel', ({ channel }) => {
      channel.addEventListener('message', ({ data }: MessageEvent<unknown>) => {
        if (typeof data === 'string') {
          channel.send(data);
        }
      });
    });
    const channel = caller.createDataChannel('relay-test');
    const echoed = new Promise<number>((resolve) => {
      let sentAt = 0;
      channel.addEventListener('open', () => {
        sentAt = performance.now();
        channel.send(PING);
      });
      channel.addEventListener('message', ({ data }) => {
        if (data === PING) {
          resolve(Math.round(performance.now() - sentAt));
        }
      });
    });
    const timedOut = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });

    await caller.setLocalDescription();
    const offer = caller.localDescription;
    if (offer === null) {
      throw new Error('No offer was made.');
    }
    await callee.setRemoteDescription(offer);
    await callee.setLocalDescription();
    const answer = callee.localDescription;
    if (answer === null) {
      throw new Error('No answer was made.');
    }
    await caller.setRemoteDescription(answer);

    const roundTripMs = await Promise.race([echoed, timedOut]);
    if (roundTripMs === null) {
      return { ok: false, failure: { code: 'timeout', seconds: timeoutMs / 1000 } };
    }
    return { ok: true, roundTripMs };
  } catch (error) {
    return { ok: false, failure: { code: 'could-not-run', detail: errorDetail(error) } };
  } finally {
    clearTimeout(timer);
    caller.close();
    callee.close();
  }
}
