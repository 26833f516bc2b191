import { CallController } from '../callController';
import type { PreparedCall } from '../callController';
import type { CallState } from '../callStatus';
import type { MediaChoice } from '../devices';
import { createMemoryTokenStore } from '../resumeTokens';
import { FakePeerConnection, FakeStream, FakeTrack } from './fakePeerConnection';
import { FakeSignalingChannel } from './fakeSignaling';

export const ROOM = 'room-1';
export const ADA = { peerId: 'peer-ada', username: 'Ada' };
export const BOB = { peerId: 'peer-bob', username: 'Bob' };

/**
 * A call wired to fakes: a camera and microphone that open as asked (later requests, device switches, get one new
 * track), a signaling channel the test drives, and the peer connections the call creates, in order.
 */
export function setupCall(
  options: {
    mediaError?: Error;
    media?: MediaChoice;
    display?: FakeStream;
    prepared?: PreparedCall<FakeStream>;
    /** Keeps getUserMedia pending until the returned `openCamera` is called. */
    holdCamera?: boolean;
  } = {},
) {
  const signaling = new FakeSignalingChannel();
  let createdSignaling = 0;
  let openCamera: () => void = () => {};
  const tokens = createMemoryTokenStore();
  const connections: FakePeerConnection[] = [];
  const camera = new FakeStream('camera');
  const states: CallState[] = [];
  const requested: MediaStreamConstraints[] = [];
  const warnings: string[] = [];
  const controller = new CallController<FakeStream>(
    { room: ROOM, username: 'Me', media: options.media },
    {
      getUserMedia: (constraints) => {
        requested.push(constraints);
        if (options.mediaError !== undefined) {
          return Promise.reject(options.mediaError);
        }
        if (requested.length > 1) {
          return Promise.resolve(
            new FakeStream('switched', [new FakeTrack(constraints.audio === undefined ? 'video' : 'audio', 'new device')]),
          );
        }
        const stream = new FakeStream(
          'camera',
          camera.getTracks().filter((t) => (t.kind === 'audio' ? constraints.audio : constraints.video) !== false),
        );
        return options.holdCamera === true
          ? new Promise<FakeStream>((resolve) => {
              openCamera = () => resolve(stream);
            })
          : Promise.resolve(stream);
      },
      getDisplayMedia:
        options.display === undefined ? undefined : () => Promise.resolve(options.display ?? new FakeStream('none')),
      createSignaling: () => {
        createdSignaling += 1;
        return signaling;
      },
      createPeerConnection: (configuration) => {
        const pc = new FakePeerConnection(`pc-${connections.length}`, configuration);
        connections.push(pc);
        return pc;
      },
      tokens,
      remoteOfferTimeoutMs: 40,
      warn: (message) => warnings.push(message),
    },
    options.prepared,
  );
  controller.subscribe(() => {
    const state = controller.getSnapshot().status.state;
    if (states[states.length - 1] !== state) {
      states.push(state);
    }
  });
  const state = (): CallState => controller.getSnapshot().status.state;
  return {
    controller,
    signaling,
    tokens,
    connections,
    camera,
    states,
    state,
    requested,
    warnings,
    openCamera: () => openCamera(),
    createdSignaling: () => createdSignaling,
  };
}
