// CALLSETUP_INIT script: takes x-google-start-bitrate out of every description a page applies, so its video starts
// at WebRTC's own 300 kbit/s estimate as before the change.
(() => {
  const setRemote = RTCPeerConnection.prototype.setRemoteDescription;
  RTCPeerConnection.prototype.setRemoteDescription = function (description, ...rest) {
    const sdp = description && description.sdp;
    const plain = sdp ? { type: description.type, sdp: sdp.replace(/;x-google-start-bitrate=\d+/g, '').replace(/\r\na=fmtp:\d+ x-google-start-bitrate=\d+/g, '') } : description;
    return setRemote.call(this, plain, ...rest);
  };
})();
