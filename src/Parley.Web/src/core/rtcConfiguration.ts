import type { IceServer } from './types';

/** The configuration of every peer connection of a call, from the ICE servers and policy that `Join` returned. */
export function toRtcConfiguration(iceServers: readonly IceServer[], iceTransportPolicy: RTCIceTransportPolicy): RTCConfiguration {
  return {
    iceTransportPolicy,
    // One transport for audio, video and data from the first offer on: fewer candidates to gather and check.
    bundlePolicy: 'max-bundle',
    // No candidate pool: Chromium discards an answering connection's pool before it starts gathering, and a network
    // list that reaches the connection in that gap is never passed on, so it gathers nothing, ever (docs/signaling.md).
    iceCandidatePoolSize: 0,
    iceServers: iceServers.map((server) => {
      const rtc: RTCIceServer = { urls: server.urls };
      if (server.username !== undefined) {
        rtc.username = server.username;
      }
      if (server.credential !== undefined) {
        rtc.credential = server.credential;
      }
      return rtc;
    }),
  };
}

/** Whether the configuration names a TURN server, so that ICE could have gone through a relay. */
export function offersRelay(configuration: RTCConfiguration): boolean {
  return (configuration.iceServers ?? []).some((server) =>
    (Array.isArray(server.urls) ? server.urls : [server.urls]).some((url) => /^turns?:/i.test(url)),
  );
}
