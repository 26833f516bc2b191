// CALLSETUP_INIT script: as start-bitrate.js, and the browser's default bundle policy without a candidate pool, so
// of the day's changes only the offer made on Ready is left.
(() => {
  const setRemote = RTCPeerConnection.prototype.setRemoteDescription;
  RTCPeerConnection.prototype.setRemoteDescription = function (description, ...rest) {
    const sdp = description && description.sdp;
    const plain = sdp ? { type: description.type, sdp: sdp.replace(/;x-google-start-bitrate=\d+/g, '').replace(/\r\na=fmtp:\d+ x-google-start-bitrate=\d+/g, '') } : description;
    return setRemote.call(this, plain, ...rest);
  };
  const Base = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Base {
    constructor(configuration, ...rest) {
      super({ ...(configuration || {}), bundlePolicy: 'balanced', iceCandidatePoolSize: 0 }, ...rest);
    }
  };
})();
