/**
 * The diagnostics page's relay test: two connections in this page that may only use TURN relay
 * candidates (`iceTransportPolicy: 'relay'`) send a message over a DataChannel and get it back,
 * so the data really went out to the TURN server and back.
 */
export interface RelayTestResult {
  readonly ok: boolean;
  /** Round trip of the message through the relay, in milliseconds. */
  readonly roundTripMs: number | null;
  /** What happened, in a sentence that says what to do if it failed. */
  readonly message: string;
}

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
      channel.addEventListener('message', ({ data }) => channel.send(data));
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
      return {
        ok: false,
        roundTripMs: null,
        message: `No data came back through TURN within ${timeoutMs / 1000} s. Check that the TURN server is reachable from this network.`,
      };
    }
    return { ok: true, roundTripMs, message: `Data went through TURN and back in ${roundTripMs} ms.` };
  } catch (error) {
    return {
      ok: false,
      roundTripMs: null,
      message: `The relay test could not run: ${error instanceof Error ? error.message : String(error)}`,
    };
  } finally {
    clearTimeout(timer);
    caller.close();
    callee.close();
  }
}
