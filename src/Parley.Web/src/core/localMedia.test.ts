import { describe, expect, it } from 'vitest';
import type { MediaChoice } from './devices';
import { LocalMedia } from './localMedia';
import type { MediaDevices } from './localMedia';
import { FakeStream, FakeTrack } from './testing/fakePeerConnection';
import { namedError } from './testing/namedError';

/** A camera and microphone that open as asked; later requests (device switches) get one new track. */
function setup(choice: MediaChoice = { video: true, audio: true }, overrides: Partial<MediaDevices<FakeStream>> = {}) {
  const requested: MediaStreamConstraints[] = [];
  const camera = new FakeStream('camera');
  /** Errors the next device switches fail with, in order. */
  const switchFailures: Error[] = [];
  let changes = 0;
  const media = new LocalMedia<FakeStream>(
    choice,
    {
      getUserMedia: (constraints) => {
        requested.push(constraints);
        if (requested.length > 1) {
          const failure = switchFailures.shift();
          if (failure !== undefined) {
            return Promise.reject(failure);
          }
          const kind = constraints.audio === undefined ? 'video' : 'audio';
          return Promise.resolve(new FakeStream('switched', [new FakeTrack(kind, 'new device')]));
        }
        const wanted = camera.getTracks().filter((t) => (t.kind === 'audio' ? constraints.audio : constraints.video) !== false);
        return Promise.resolve(new FakeStream('camera', wanted));
      },
      ...overrides,
    },
    () => {
      changes += 1;
    },
  );
  const track = (kind: string) => camera.getTracks().find((t) => t.kind === kind);
  return { media, requested, camera, track, switchFailures, changes: () => changes };
}

describe('LocalMedia', () => {
  it('opens the camera and microphone and sends both', async () => {
    const { media, requested, track } = setup();
    expect(await media.open(null)).toBe(true);
    expect(requested).toEqual([{ video: true, audio: true }]);
    expect(media.state).toMatchObject({ hasCamera: true, hasMicrophone: true, cameraOn: true, microphoneOn: true });
    expect(media.sending()).toEqual({ audio: track('audio'), video: track('video') });
  });

  it('opens muted with the camera off when asked to, and sends nothing until they are switched on', async () => {
    const { media, track } = setup({ video: true, audio: true, startMuted: true, startCameraOff: true });
    await media.open(null);
    expect(media.state).toMatchObject({ microphoneOn: false, cameraOn: false, hasCamera: true });
    expect([track('audio')?.enabled, track('video')?.enabled]).toEqual([false, false]);
    expect(media.sending()).toEqual({ audio: null, video: null });
  });

  it('takes a muted microphone and a camera switched off off the senders, and puts them back', async () => {
    const { media, track } = setup();
    await media.open(null);

    media.setMicrophoneOn(false);
    media.setCameraOn(false);
    expect(media.sending()).toEqual({ audio: null, video: null });
    expect([track('audio')?.enabled, track('video')?.enabled]).toEqual([false, false]);

    media.setMicrophoneOn(true);
    media.setCameraOn(true);
    expect(media.sending()).toEqual({ audio: track('audio'), video: track('video') });
  });

  it('opens only the microphone for audio only, and nothing at all for receive only', async () => {
    const audio = setup({ video: false, audio: true });
    await audio.media.open(null);
    expect(audio.requested).toEqual([{ video: false, audio: true }]);
    expect(audio.media.state).toMatchObject({ hasCamera: false, hasMicrophone: true, cameraOn: false });

    const receive = setup({ video: false, audio: false });
    expect(await receive.media.open(null)).toBe(true);
    expect(receive.requested).toEqual([]);
    expect(receive.media.state).toMatchObject({ stream: null, microphoneOn: false, cameraOn: false });
    expect(receive.media.sending()).toEqual({ audio: null, video: null });
  });

  it.each([
    ['NotAllowedError', { code: 'denied' }],
    ['NotFoundError', { code: 'missing' }],
    ['OverconstrainedError', { code: 'missing' }],
    ['NotReadableError', { code: 'busy' }],
    ['InsecureContextError', { code: 'insecure-context' }],
    ['TypeError', { code: 'failed', detail: 'TypeError' }],
  ] as const)('reports a %s from getUserMedia as %o', async (name, failure) => {
    const { media } = setup(undefined, { getUserMedia: () => Promise.reject(namedError(name)) });
    expect(await media.open(null)).toBe(false);
    expect(media.state.failure).toEqual(failure);
  });

  it("takes over the preview's stream when it holds what the call asks for", async () => {
    const preview = new FakeStream('preview');
    const { media, requested } = setup();
    await media.open(preview);
    expect(requested).toEqual([]);
    expect(media.state.stream).toBe(preview);
  });

  it.each([
    ['has ended', new FakeStream('preview'), true, { video: true, audio: true }],
    ['lacks the microphone asked for', new FakeStream('preview', [new FakeTrack('video')]), false, { video: true, audio: true }],
    ['has a camera not asked for', new FakeStream('preview'), false, { video: false, audio: true }],
  ] as const)('opens the devices itself when the preview stream %s, and stops that stream', async (_, preview, ended, choice) => {
    if (ended) {
      preview.getTracks().forEach((track) => track.stop());
    }
    const { media, requested } = setup(choice);
    await media.open(preview);
    expect(requested).toHaveLength(1);
    expect(media.state.stream).not.toBe(preview);
    expect(preview.getTracks().every((track) => track.stopped)).toBe(true);
  });

  it('stops the devices it gets after being disposed while they opened', async () => {
    const { media, camera } = setup();
    const opening = media.open(null);
    media.dispose();
    expect(await opening).toBe(false);
    expect(camera.getTracks().every((track) => track.stopped)).toBe(true);
    expect(media.state.stream).toBeNull();
  });

  it('switches to another camera: the new one is sent, in the same stream, and the old one stopped', async () => {
    const { media, requested, track } = setup();
    await media.open(null);
    const old = track('video');

    expect(await media.switchDevice('video', 'cam-2')).toBeNull();
    expect(requested[1]).toEqual({ video: { deviceId: { exact: 'cam-2' } } });
    expect(old?.stopped).toBe(true);
    const sent = media.sending().video;
    expect(sent).toMatchObject({ label: 'new device' });
    expect(media.state.stream?.getTracks()).toContain(sent);
  });

  it('keeps a muted microphone muted on the device switched to', async () => {
    const { media } = setup();
    await media.open(null);
    media.setMicrophoneOn(false);
    await media.switchDevice('audio', 'mic-2');
    expect(media.state.stream?.getTracks().find((t) => t.kind === 'audio')).toMatchObject({ label: 'new device', enabled: false });
    expect(media.sending().audio).toBeNull();
  });

  it('says why a device was not switched, and shows it until the next switch works', async () => {
    const noCamera = setup({ video: false, audio: true });
    await noCamera.media.open(null);
    expect(await noCamera.media.switchDevice('video', 'cam-2')).toEqual({ code: 'no-device-to-switch', kind: 'video' });

    const { media, switchFailures } = setup();
    await media.open(null);
    switchFailures.push(namedError('NotReadableError'));
    expect(await media.switchDevice('video', 'cam-2')).toEqual({ code: 'device-failed', failure: { code: 'busy' } });
    expect(media.state.notice).toEqual({ code: 'device-failed', failure: { code: 'busy' } });
    expect(await media.switchDevice('video', 'cam-3')).toBeNull();
    expect(media.state.notice).toBeNull();
  });

  it('refuses a device that gives no track of the kind asked for', async () => {
    const { media } = setup(undefined, {
      getUserMedia: (constraints) =>
        Promise.resolve(new FakeStream('s', constraints.video === true ? [new FakeTrack('audio'), new FakeTrack('video')] : [])),
    });
    await media.open(null);
    const camera = media.sending().video;
    expect(await media.switchDevice('video', 'broken')).toEqual({ code: 'device-silent' });
    expect(media.sending().video).toBe(camera);
    expect(camera).toMatchObject({ stopped: false });
  });

  it('shares the screen instead of the camera and restores the camera when the browser ends the share', async () => {
    const screen = new FakeTrack('video', 'screen');
    const { media, track, changes } = setup(undefined, { getDisplayMedia: () => Promise.resolve(new FakeStream('screen', [screen])) });
    await media.open(null);

    expect(await media.startScreenShare()).toBeNull();
    expect(media.sending().video).toBe(screen);
    expect(media.state.screen).not.toBeNull();

    const before = changes();
    screen.end(); // The browser's "Stop sharing".
    expect(changes()).toBeGreaterThan(before);
    expect(media.sending().video).toBe(track('video'));
    expect(media.state.screen).toBeNull();
  });

  it('stops the screen share when asked, and the shared tracks with it', async () => {
    const screen = new FakeTrack('video', 'screen');
    const { media, track } = setup(undefined, { getDisplayMedia: () => Promise.resolve(new FakeStream('screen', [screen])) });
    await media.open(null);
    await media.startScreenShare();
    media.stopScreenShare();
    expect(screen.stopped).toBe(true);
    expect(media.sending().video).toBe(track('video'));
  });

  it.each([
    ['where the browser cannot share', undefined, { video: true, audio: true }, { code: 'screen-share-unsupported' }],
    ['without a camera to replace', () => Promise.resolve(new FakeStream('s')), { video: false, audio: true }, { code: 'screen-share-needs-camera' }],
    [
      'when the person cancels the picker',
      () => Promise.reject(namedError('NotAllowedError')),
      { video: true, audio: true },
      { code: 'screen-share-failed', failure: { code: 'denied' } },
    ],
  ] as const)('says why the screen is not shared %s', async (_, getDisplayMedia, choice, notice) => {
    const { media } = setup(choice, { getDisplayMedia });
    await media.open(null);
    expect(await media.startScreenShare()).toEqual(notice);
    expect(media.state.notice).toEqual(notice);
  });

  it('stops the camera, microphone and screen share on dispose', async () => {
    const screen = new FakeTrack('video', 'screen');
    const { media, camera } = setup(undefined, { getDisplayMedia: () => Promise.resolve(new FakeStream('screen', [screen])) });
    await media.open(null);
    await media.startScreenShare();
    media.dispose();
    expect([...camera.getTracks(), screen].every((track) => track.stopped)).toBe(true);
  });
});
