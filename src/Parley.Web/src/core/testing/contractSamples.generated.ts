// Generated from the C# contract (src/Parley.Signaling.Contracts): samples of what the server writes, for src/core/contract.test.ts.
// Do not edit. test/Parley.Signaling.Tests/Contract/WebContractTests.cs fails while it differs; rewrite it with
//   PARLEY_UPDATE_CONTRACT=1 dotnet test test/Parley.Signaling.Tests -c Release --filter Category=Contract

/** A message the server writes and the contract record it carries ('' for none). */
export interface WireSample {
  readonly type: string;
  readonly json: string;
}

/** Every event, as the socket writes it. */
export const eventSamples: readonly WireSample[] = [
  {
    type: 'DataMessage',
    json: "{\"event\":\"Data\",\"arg\":{\"from\":\"from-sample\",\"username\":\"username-sample\",\"payload\":\"payload-sample\"}}",
  },
  {
    type: 'IceServersResponse',
    json: "{\"event\":\"IceServers\",\"arg\":{\"iceServers\":[{\"urls\":[\"urls-sample\"],\"username\":\"username-sample\",\"credential\":\"credential-sample\"},{\"urls\":[]}],\"iceTransportPolicy\":\"relay\"}}",
  },
  {
    type: 'IceServersResponse',
    json: "{\"event\":\"IceServers\",\"arg\":{\"iceServers\":[],\"iceTransportPolicy\":\"relay\"}}",
  },
  {
    type: 'PeerInfo',
    json: "{\"event\":\"PeerLeft\",\"arg\":{\"peerId\":\"peerId-sample\",\"username\":\"username-sample\"}}",
  },
  {
    type: 'PeerInfo',
    json: "{\"event\":\"PeerReconnecting\",\"arg\":{\"peerId\":\"peerId-sample\",\"username\":\"username-sample\"}}",
  },
  {
    type: 'ReadyPeer',
    json: "{\"event\":\"Ready\",\"arg\":{\"peerId\":\"peerId-sample\",\"username\":\"username-sample\",\"resumed\":true}}",
  },
  {
    type: 'ReadyPeer',
    json: "{\"event\":\"Ready\",\"arg\":{\"peerId\":\"peerId-sample\",\"username\":\"username-sample\",\"resumed\":false}}",
  },
  {
    type: '',
    json: "{\"event\":\"Reconnect\"}",
  },
  {
    type: 'RefusedCall',
    json: "{\"event\":\"Refused\",\"arg\":{\"method\":\"method-sample\",\"error\":{\"code\":\"already-joined\",\"message\":\"This connection is already in a room; leave it first.\"}}}",
  },
  {
    type: 'RefusedCall',
    json: "{\"event\":\"Refused\",\"arg\":{\"method\":\"method-sample\",\"error\":{\"code\":\"invalid-call\",\"message\":\"<problem>\"}}}",
  },
  {
    type: 'RefusedCall',
    json: "{\"event\":\"Refused\",\"arg\":{\"method\":\"method-sample\",\"error\":{\"code\":\"invalid-passcode\",\"message\":\"A passcode is 1 to 128 characters.\"}}}",
  },
  {
    type: 'RefusedCall',
    json: "{\"event\":\"Refused\",\"arg\":{\"method\":\"method-sample\",\"error\":{\"code\":\"invalid-payload\",\"message\":\"The payload is empty.\"}}}",
  },
  {
    type: 'RefusedCall',
    json: "{\"event\":\"Refused\",\"arg\":{\"method\":\"method-sample\",\"error\":{\"code\":\"invalid-room\",\"message\":\"A room name is 1 to 64 characters: letters, digits, '_' or '-'.\"}}}",
  },
  {
    type: 'RefusedCall',
    json: "{\"event\":\"Refused\",\"arg\":{\"method\":\"method-sample\",\"error\":{\"code\":\"invalid-username\",\"message\":\"A name is 1 to 32 printable characters.\"}}}",
  },
  {
    type: 'RefusedCall',
    json: "{\"event\":\"Refused\",\"arg\":{\"method\":\"method-sample\",\"error\":{\"code\":\"not-joined\",\"message\":\"Join a room first.\"}}}",
  },
  {
    type: 'RefusedCall',
    json: "{\"event\":\"Refused\",\"arg\":{\"method\":\"method-sample\",\"error\":{\"code\":\"payload-too-large\",\"message\":\"A payload is at most 64 KiB.\"}}}",
  },
  {
    type: 'RefusedCall',
    json: "{\"event\":\"Refused\",\"arg\":{\"method\":\"method-sample\",\"error\":{\"code\":\"rate-limited\",\"message\":\"Too many calls in a short time; wait a few seconds and try again.\"}}}",
  },
  {
    type: 'RefusedCall',
    json: "{\"event\":\"Refused\",\"arg\":{\"method\":\"method-sample\",\"error\":{\"code\":\"room-full\",\"message\":\"The room is full.\"}}}",
  },
  {
    type: 'RefusedCall',
    json: "{\"event\":\"Refused\",\"arg\":{\"method\":\"method-sample\",\"error\":{\"code\":\"server-draining\",\"message\":\"This server is shutting down; reconnect to join through another one.\"}}}",
  },
  {
    type: 'RefusedCall',
    json: "{\"event\":\"Refused\",\"arg\":{\"method\":\"method-sample\",\"error\":{\"code\":\"server-error\",\"message\":\"The server could not complete this call just now; try again in a moment.\"}}}",
  },
  {
    type: 'RefusedCall',
    json: "{\"event\":\"Refused\",\"arg\":{\"method\":\"method-sample\",\"error\":{\"code\":\"unknown-peer\",\"message\":\"No such peer in this room.\"}}}",
  },
];

/** Answers to call 1, as the socket writes them; `SignalingError`: a call it could not read or complete. */
export const answerSamples: readonly WireSample[] = [
  {
    type: 'JoinResult',
    json: "{\"id\":1,\"result\":{\"peerId\":\"peerId-sample\",\"resumeToken\":\"resumeToken-sample\",\"room\":\"room-sample\",\"capacity\":2,\"peers\":[{\"peerId\":\"peerId-sample\",\"username\":\"username-sample\"}],\"iceServers\":[{\"urls\":[\"urls-sample\"],\"username\":\"username-sample\",\"credential\":\"credential-sample\"},{\"urls\":[]}],\"iceTransportPolicy\":\"relay\",\"resumed\":true,\"error\":null}}",
  },
  {
    type: 'JoinResult',
    json: "{\"id\":1,\"result\":{\"peerId\":null,\"resumeToken\":null,\"room\":null,\"capacity\":0,\"peers\":[],\"iceServers\":[],\"iceTransportPolicy\":null,\"resumed\":false,\"error\":{\"code\":\"already-joined\",\"message\":\"This connection is already in a room; leave it first.\"}}}",
  },
  {
    type: 'JoinResult',
    json: "{\"id\":1,\"result\":{\"peerId\":null,\"resumeToken\":null,\"room\":null,\"capacity\":0,\"peers\":[],\"iceServers\":[],\"iceTransportPolicy\":null,\"resumed\":false,\"error\":{\"code\":\"invalid-call\",\"message\":\"<problem>\"}}}",
  },
  {
    type: 'JoinResult',
    json: "{\"id\":1,\"result\":{\"peerId\":null,\"resumeToken\":null,\"room\":null,\"capacity\":0,\"peers\":[],\"iceServers\":[],\"iceTransportPolicy\":null,\"resumed\":false,\"error\":{\"code\":\"invalid-passcode\",\"message\":\"A passcode is 1 to 128 characters.\"}}}",
  },
  {
    type: 'JoinResult',
    json: "{\"id\":1,\"result\":{\"peerId\":null,\"resumeToken\":null,\"room\":null,\"capacity\":0,\"peers\":[],\"iceServers\":[],\"iceTransportPolicy\":null,\"resumed\":false,\"error\":{\"code\":\"invalid-payload\",\"message\":\"The payload is empty.\"}}}",
  },
  {
    type: 'JoinResult',
    json: "{\"id\":1,\"result\":{\"peerId\":null,\"resumeToken\":null,\"room\":null,\"capacity\":0,\"peers\":[],\"iceServers\":[],\"iceTransportPolicy\":null,\"resumed\":false,\"error\":{\"code\":\"invalid-room\",\"message\":\"A room name is 1 to 64 characters: letters, digits, '_' or '-'.\"}}}",
  },
  {
    type: 'JoinResult',
    json: "{\"id\":1,\"result\":{\"peerId\":null,\"resumeToken\":null,\"room\":null,\"capacity\":0,\"peers\":[],\"iceServers\":[],\"iceTransportPolicy\":null,\"resumed\":false,\"error\":{\"code\":\"invalid-username\",\"message\":\"A name is 1 to 32 printable characters.\"}}}",
  },
  {
    type: 'JoinResult',
    json: "{\"id\":1,\"result\":{\"peerId\":null,\"resumeToken\":null,\"room\":null,\"capacity\":0,\"peers\":[],\"iceServers\":[],\"iceTransportPolicy\":null,\"resumed\":false,\"error\":{\"code\":\"not-joined\",\"message\":\"Join a room first.\"}}}",
  },
  {
    type: 'JoinResult',
    json: "{\"id\":1,\"result\":{\"peerId\":null,\"resumeToken\":null,\"room\":null,\"capacity\":0,\"peers\":[],\"iceServers\":[],\"iceTransportPolicy\":null,\"resumed\":false,\"error\":{\"code\":\"payload-too-large\",\"message\":\"A payload is at most 64 KiB.\"}}}",
  },
  {
    type: 'JoinResult',
    json: "{\"id\":1,\"result\":{\"peerId\":null,\"resumeToken\":null,\"room\":null,\"capacity\":0,\"peers\":[],\"iceServers\":[],\"iceTransportPolicy\":null,\"resumed\":false,\"error\":{\"code\":\"rate-limited\",\"message\":\"Too many calls in a short time; wait a few seconds and try again.\"}}}",
  },
  {
    type: 'JoinResult',
    json: "{\"id\":1,\"result\":{\"peerId\":null,\"resumeToken\":null,\"room\":null,\"capacity\":0,\"peers\":[],\"iceServers\":[],\"iceTransportPolicy\":null,\"resumed\":false,\"error\":{\"code\":\"room-full\",\"message\":\"The room is full.\"}}}",
  },
  {
    type: 'JoinResult',
    json: "{\"id\":1,\"result\":{\"peerId\":null,\"resumeToken\":null,\"room\":null,\"capacity\":0,\"peers\":[],\"iceServers\":[],\"iceTransportPolicy\":null,\"resumed\":false,\"error\":{\"code\":\"server-draining\",\"message\":\"This server is shutting down; reconnect to join through another one.\"}}}",
  },
  {
    type: 'JoinResult',
    json: "{\"id\":1,\"result\":{\"peerId\":null,\"resumeToken\":null,\"room\":null,\"capacity\":0,\"peers\":[],\"iceServers\":[],\"iceTransportPolicy\":null,\"resumed\":false,\"error\":{\"code\":\"server-error\",\"message\":\"The server could not complete this call just now; try again in a moment.\"}}}",
  },
  {
    type: 'JoinResult',
    json: "{\"id\":1,\"result\":{\"peerId\":null,\"resumeToken\":null,\"room\":null,\"capacity\":0,\"peers\":[],\"iceServers\":[],\"iceTransportPolicy\":null,\"resumed\":false,\"error\":{\"code\":\"unknown-peer\",\"message\":\"No such peer in this room.\"}}}",
  },
  {
    type: 'SignalingResult',
    json: "{\"id\":1,\"result\":{\"error\":null}}",
  },
  {
    type: 'SignalingResult',
    json: "{\"id\":1,\"result\":{\"error\":{\"code\":\"already-joined\",\"message\":\"This connection is already in a room; leave it first.\"}}}",
  },
  {
    type: 'SignalingResult',
    json: "{\"id\":1,\"result\":{\"error\":{\"code\":\"invalid-call\",\"message\":\"<problem>\"}}}",
  },
  {
    type: 'SignalingResult',
    json: "{\"id\":1,\"result\":{\"error\":{\"code\":\"invalid-passcode\",\"message\":\"A passcode is 1 to 128 characters.\"}}}",
  },
  {
    type: 'SignalingResult',
    json: "{\"id\":1,\"result\":{\"error\":{\"code\":\"invalid-payload\",\"message\":\"The payload is empty.\"}}}",
  },
  {
    type: 'SignalingResult',
    json: "{\"id\":1,\"result\":{\"error\":{\"code\":\"invalid-room\",\"message\":\"A room name is 1 to 64 characters: letters, digits, '_' or '-'.\"}}}",
  },
  {
    type: 'SignalingResult',
    json: "{\"id\":1,\"result\":{\"error\":{\"code\":\"invalid-username\",\"message\":\"A name is 1 to 32 printable characters.\"}}}",
  },
  {
    type: 'SignalingResult',
    json: "{\"id\":1,\"result\":{\"error\":{\"code\":\"not-joined\",\"message\":\"Join a room first.\"}}}",
  },
  {
    type: 'SignalingResult',
    json: "{\"id\":1,\"result\":{\"error\":{\"code\":\"payload-too-large\",\"message\":\"A payload is at most 64 KiB.\"}}}",
  },
  {
    type: 'SignalingResult',
    json: "{\"id\":1,\"result\":{\"error\":{\"code\":\"rate-limited\",\"message\":\"Too many calls in a short time; wait a few seconds and try again.\"}}}",
  },
  {
    type: 'SignalingResult',
    json: "{\"id\":1,\"result\":{\"error\":{\"code\":\"room-full\",\"message\":\"The room is full.\"}}}",
  },
  {
    type: 'SignalingResult',
    json: "{\"id\":1,\"result\":{\"error\":{\"code\":\"server-draining\",\"message\":\"This server is shutting down; reconnect to join through another one.\"}}}",
  },
  {
    type: 'SignalingResult',
    json: "{\"id\":1,\"result\":{\"error\":{\"code\":\"server-error\",\"message\":\"The server could not complete this call just now; try again in a moment.\"}}}",
  },
  {
    type: 'SignalingResult',
    json: "{\"id\":1,\"result\":{\"error\":{\"code\":\"unknown-peer\",\"message\":\"No such peer in this room.\"}}}",
  },
  {
    type: 'SignalingError',
    json: "{\"id\":1,\"error\":{\"code\":\"already-joined\",\"message\":\"This connection is already in a room; leave it first.\"}}",
  },
  {
    type: 'SignalingError',
    json: "{\"id\":1,\"error\":{\"code\":\"invalid-call\",\"message\":\"<problem>\"}}",
  },
  {
    type: 'SignalingError',
    json: "{\"id\":1,\"error\":{\"code\":\"invalid-passcode\",\"message\":\"A passcode is 1 to 128 characters.\"}}",
  },
  {
    type: 'SignalingError',
    json: "{\"id\":1,\"error\":{\"code\":\"invalid-payload\",\"message\":\"The payload is empty.\"}}",
  },
  {
    type: 'SignalingError',
    json: "{\"id\":1,\"error\":{\"code\":\"invalid-room\",\"message\":\"A room name is 1 to 64 characters: letters, digits, '_' or '-'.\"}}",
  },
  {
    type: 'SignalingError',
    json: "{\"id\":1,\"error\":{\"code\":\"invalid-username\",\"message\":\"A name is 1 to 32 printable characters.\"}}",
  },
  {
    type: 'SignalingError',
    json: "{\"id\":1,\"error\":{\"code\":\"not-joined\",\"message\":\"Join a room first.\"}}",
  },
  {
    type: 'SignalingError',
    json: "{\"id\":1,\"error\":{\"code\":\"payload-too-large\",\"message\":\"A payload is at most 64 KiB.\"}}",
  },
  {
    type: 'SignalingError',
    json: "{\"id\":1,\"error\":{\"code\":\"rate-limited\",\"message\":\"Too many calls in a short time; wait a few seconds and try again.\"}}",
  },
  {
    type: 'SignalingError',
    json: "{\"id\":1,\"error\":{\"code\":\"room-full\",\"message\":\"The room is full.\"}}",
  },
  {
    type: 'SignalingError',
    json: "{\"id\":1,\"error\":{\"code\":\"server-draining\",\"message\":\"This server is shutting down; reconnect to join through another one.\"}}",
  },
  {
    type: 'SignalingError',
    json: "{\"id\":1,\"error\":{\"code\":\"server-error\",\"message\":\"The server could not complete this call just now; try again in a moment.\"}}",
  },
  {
    type: 'SignalingError',
    json: "{\"id\":1,\"error\":{\"code\":\"unknown-peer\",\"message\":\"No such peer in this room.\"}}",
  },
];

/** The bodies of the HTTP endpoints. */
export const bodySamples: readonly WireSample[] = [
];
