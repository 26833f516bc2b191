import { describe, expect, it } from 'vitest';
import { ADA, setupCall as setup } from './testing/callHarness';
import { FakeStream, FakeTrack, settle } from './testing/fakePeerConnection';
import { joinResult } from './testing/fakeSignaling';

describe('CallController, local media on the peer connections', () => {
  it('takes a muted microphone off the connection (nothing is sent) and puts it back on unmute', async () => {
    const { controller, signaling, connections, camera } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    const audio = camera.getTracks().find((t) => t.kind === 'audio');
    const sender = connections[0]?.sender('audio');

    controller.setMicrophoneOn(false);
    await settle();
    expect(sender?.track).toBeNull();
    expect(audio?.enabled).toBe(false);
    expect(controller.getSnapshot().microphoneOn).toBe(false);

    controller.setMicrophoneOn(true);
    await settle();
    expect(sender?.track).toBe(audio);
    expect(audio?.enabled).toBe(true);
  });

  it('switches the camera off and on without renegotiating', async () => {
    const { controller, signaling, connections, camera } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    const video = camera.getTracks().find((t) => t.kind === 'video');
    controller.setCameraOn(false);
    await settle();
    expect(connections[0]?.sender('video')?.track).toBeNull();
    expect(video?.enabled).toBe(false);
    controller.setCameraOn(true);
    await settle();
    expect(connections[0]?.sender('video')?.track).toBe(video);
    expect(connections[0]?.log.filter((entry) => entry.startsWith('setLocalDescription'))).toEqual([]);
  });

  it('joins muted with the camera off when asked to, and a new connection sends nothing either', async () => {
    const { controller, signaling, connections } = setup({ media: { video: true, audio: true, startMuted: true, startCameraOff: true } });
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    await settle();
    expect(controller.getSnapshot()).toMatchObject({ microphoneOn: false, cameraOn: false, hasCamera: true });
    expect(connections[0]?.sender('audio')?.track).toBeNull();
    expect(connections[0]?.sender('video')?.track).toBeNull();
  });

  it('joins audio only (no camera asked for) and still receives video', async () => {
    const { controller, signaling, connections, requested } = setup({ media: { video: false, audio: true } });
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    expect(requested).toEqual([{ video: false, audio: true }]);
    expect(controller.getSnapshot()).toMatchObject({ hasCamera: false, hasMicrophone: true, cameraOn: false });
    expect(connections[0]?.addedTracks.map(({ track }) => track.kind)).toEqual(['audio']);
    expect(connections[0]?.receiveOnly).toEqual(['video']);
  });

  it('joins receive only without asking for any device', async () => {
    const { controller, signaling, connections, requested, state } = setup({ media: { video: false, audio: false } });
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    expect(requested).toEqual([]);
    expect(state()).toBe('connecting');
    expect(connections[0]?.receiveOnly).toEqual(['audio', 'video']);
  });

  it('switches to another camera with replaceTrack and stops the old one', async () => {
    const { controller, signaling, connections, camera, requested } = setup();
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    const old = camera.getTracks().find((t) => t.kind === 'video');

    expect(await controller.switchDevice('video', 'cam-2')).toBeNull();
    await settle();
    expect(requested[1]).toEqual({ video: { deviceId: { exact: 'cam-2' } } });
    expect(old?.stopped).toBe(true);
    const sent = connections[0]?.sender('video')?.track;
    expect(sent).not.toBe(old);
    expect(sent?.kind).toBe('video');
    expect(controller.getSnapshot().localStream?.getTracks()).toContain(sent);
  });

  it('shares the screen instead of the camera and restores the camera when sharing ends', async () => {
    const screen = new FakeTrack('video', 'screen');
    const { controller, signaling, connections, camera } = setup({ display: new FakeStream('screen', [screen]) });
    signaling.result = joinResult({ peers: [ADA] });
    await controller.start();
    const cameraTrack = camera.getTracks().find((t) => t.kind === 'video');

    expect(await controller.startScreenShare()).toBeNull();
    await settle();
    expect(connections[0]?.sender('video')?.track).toBe(screen);
    expect(controller.getSnapshot().screenStream).not.toBeNull();

    screen.end(); // The browser's "Stop sharing".
    await settle();
    expect(connections[0]?.sender('video')?.track).toBe(cameraTrack);
    expect(controller.getSnapshot().screenStream).toBeNull();
  });

  it('says that screen sharing is unavailable where the browser cannot do it', async () => {
    const { controller } = setup();
    await controller.start();
    expect(await controller.startScreenShare()).toEqual({ code: 'screen-share-unsupported' });
    expect(controller.getSnapshot().notice).toEqual({ code: 'screen-share-unsupported' });
  });
});
