// CALLSETUP_INIT script: gives every peer connection a candidate pool of one, as the client had before it dropped the
// pool (an answering connection could then gather nothing at all; docs/signaling.md). For an A/B of that change.
(() => {
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration, ...rest) {
      super({ ...configuration, iceCandidatePoolSize: 1 }, ...rest);
    }
  };
})();
