import type { IceServer } from './types';

/** The configuration of every peer connection of a call, from the ICE servers and policy that `Join` returned. */
export function toRtcConfiguration(iceServers: readonly IceServer[], iceTransportPolicy: RTCIceTransportPolicy): RTCConfiguration {
  return {
    iceTransportPolicy,
    // One transport for audio, video and data from the first offer on: fewer candidates to gather and check.
    bundlePolicy: 'max-bundle',
    // Gathering starts with the connection instead of with its first description.
    iceCandidatePoolSize: 1,
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
